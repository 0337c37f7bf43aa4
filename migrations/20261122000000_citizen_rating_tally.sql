-- Live standings read model: counted citizen ratings per cycle × service point × verified ×
-- overall level. A dashboard reads a few thousand tally rows instead of scanning millions of
-- ratings. Kept exact by statement-level triggers (one aggregated upsert per INSERT/COPY/
-- UPDATE statement, not one per row), so every write path — batched ingest, quarantine
-- review, malicious marking — keeps it true without the application remembering to.

CREATE TABLE citizen_rating_tally (
  cycle_id          uuid NOT NULL REFERENCES cycle (id),
  unit_id           uuid NOT NULL REFERENCES unit (id),
  service_point_id  uuid NOT NULL REFERENCES service_point (id),
  verified          boolean NOT NULL,
  overall           smallint NOT NULL CHECK (overall BETWEEN 1 AND 5),
  n                 bigint NOT NULL CHECK (n >= 0),
  PRIMARY KEY (cycle_id, service_point_id, verified, overall)
);

-- The same rule the scoring engine applies: quarantined, rejected and malicious ratings are
-- kept but not counted.
CREATE FUNCTION kaimen_rating_counts(quarantine_state text, malicious boolean) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT quarantine_state IN ('none', 'released') AND NOT malicious
$$;

-- Rows are upserted in key order so two concurrent statements lock tally rows in the same
-- order and cannot deadlock each other.
CREATE FUNCTION kaimen_tally_after_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO citizen_rating_tally AS t (cycle_id, unit_id, service_point_id, verified, overall, n)
  SELECT cycle_id, unit_id, service_point_id, verified, overall, count(*)
  FROM new_rows
  WHERE kaimen_rating_counts(quarantine_state, malicious)
  GROUP BY cycle_id, unit_id, service_point_id, verified, overall
  ORDER BY cycle_id, service_point_id, verified, overall
  ON CONFLICT (cycle_id, service_point_id, verified, overall) DO UPDATE SET n = t.n + EXCLUDED.n;
  RETURN NULL;
END
$$;

-- Net change per key, in one statement; decrements go through UPDATE (their rows exist, and
-- a negative row proposed to INSERT … ON CONFLICT would fail the n >= 0 check before the
-- conflict is seen). The two parts touch disjoint keys, so they cannot see each other's rows.
CREATE FUNCTION kaimen_tally_after_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  WITH delta AS (
    SELECT cycle_id, unit_id, service_point_id, verified, overall, sum(change) AS change
    FROM (
      SELECT cycle_id, unit_id, service_point_id, verified, overall, 1 AS change
      FROM new_rows WHERE kaimen_rating_counts(quarantine_state, malicious)
      UNION ALL
      SELECT cycle_id, unit_id, service_point_id, verified, overall, -1
      FROM old_rows WHERE kaimen_rating_counts(quarantine_state, malicious)
    ) d
    GROUP BY cycle_id, unit_id, service_point_id, verified, overall
    HAVING sum(change) <> 0
  ), decrement AS (
    UPDATE citizen_rating_tally t SET n = t.n + d.change
    FROM delta d
    WHERE d.change < 0 AND t.cycle_id = d.cycle_id AND t.service_point_id = d.service_point_id
      AND t.verified = d.verified AND t.overall = d.overall
    RETURNING 1
  )
  INSERT INTO citizen_rating_tally AS t (cycle_id, unit_id, service_point_id, verified, overall, n)
  SELECT cycle_id, unit_id, service_point_id, verified, overall, change
  FROM delta WHERE change > 0
  ORDER BY cycle_id, service_point_id, verified, overall
  ON CONFLICT (cycle_id, service_point_id, verified, overall) DO UPDATE SET n = t.n + EXCLUDED.n;
  RETURN NULL;
END
$$;

CREATE FUNCTION kaimen_tally_after_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE citizen_rating_tally t SET n = t.n - d.n
  FROM (
    SELECT cycle_id, service_point_id, verified, overall, count(*) AS n
    FROM old_rows WHERE kaimen_rating_counts(quarantine_state, malicious)
    GROUP BY cycle_id, service_point_id, verified, overall
    ORDER BY cycle_id, service_point_id, verified, overall
  ) d
  WHERE t.cycle_id = d.cycle_id AND t.service_point_id = d.service_point_id
    AND t.verified = d.verified AND t.overall = d.overall;
  RETURN NULL;
END
$$;

CREATE TRIGGER citizen_rating_tally_insert AFTER INSERT ON citizen_rating
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kaimen_tally_after_insert();
CREATE TRIGGER citizen_rating_tally_update AFTER UPDATE ON citizen_rating
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kaimen_tally_after_update();
CREATE TRIGGER citizen_rating_tally_delete AFTER DELETE ON citizen_rating
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kaimen_tally_after_delete();

-- Ratings that existed before this migration.
INSERT INTO citizen_rating_tally (cycle_id, unit_id, service_point_id, verified, overall, n)
SELECT cycle_id, unit_id, service_point_id, verified, overall, count(*)
FROM citizen_rating
WHERE kaimen_rating_counts(quarantine_state, malicious)
GROUP BY cycle_id, unit_id, service_point_id, verified, overall;
