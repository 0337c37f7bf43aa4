-- Live standings read model: counted citizen ratings per cycle × service point, one row per
-- service point with a count per level for verified and for window-QR ratings. A dashboard
-- reads a few thousand short rows instead of scanning millions of ratings. Kept exact by
-- statement-level triggers (one aggregated upsert per INSERT/COPY/UPDATE/DELETE statement, not
-- one per row), so every write path — batched ingest, quarantine review, malicious marking —
-- keeps it true without the application remembering to.
--
-- No CHECK (n >= 0) on the counts: INSERT … ON CONFLICT checks the proposed row before it sees
-- the conflict, and an update that un-counts ratings proposes negative deltas. Exactness is
-- proven by tests that recount the ratings after every kind of write.

CREATE TABLE citizen_rating_tally (
  cycle_id          uuid NOT NULL REFERENCES cycle (id),
  unit_id           uuid NOT NULL REFERENCES unit (id),
  service_point_id  uuid NOT NULL REFERENCES service_point (id),
  verified_1        bigint NOT NULL DEFAULT 0,
  verified_2        bigint NOT NULL DEFAULT 0,
  verified_3        bigint NOT NULL DEFAULT 0,
  verified_4        bigint NOT NULL DEFAULT 0,
  verified_5        bigint NOT NULL DEFAULT 0,
  unverified_1      bigint NOT NULL DEFAULT 0,
  unverified_2      bigint NOT NULL DEFAULT 0,
  unverified_3      bigint NOT NULL DEFAULT 0,
  unverified_4      bigint NOT NULL DEFAULT 0,
  unverified_5      bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (cycle_id, service_point_id)
);

-- The same rule the scoring engine applies: quarantined, rejected and malicious ratings are
-- kept but not counted.
CREATE FUNCTION kaimen_rating_counts(quarantine_state text, malicious boolean) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT quarantine_state IN ('none', 'released') AND NOT malicious
$$;

-- Adds signed per-level counts of the given rows. Rows are upserted in key order so two
-- concurrent statements lock tally rows in the same order and cannot deadlock each other.
CREATE FUNCTION kaimen_tally_after_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO citizen_rating_tally AS t (cycle_id, unit_id, service_point_id, verified_1, verified_2, verified_3, verified_4, verified_5, unverified_1, unverified_2, unverified_3, unverified_4, unverified_5)
  SELECT cycle_id, unit_id, service_point_id,
         count(*) FILTER (WHERE verified AND overall = 1),
         count(*) FILTER (WHERE verified AND overall = 2),
         count(*) FILTER (WHERE verified AND overall = 3),
         count(*) FILTER (WHERE verified AND overall = 4),
         count(*) FILTER (WHERE verified AND overall = 5),
         count(*) FILTER (WHERE NOT verified AND overall = 1),
         count(*) FILTER (WHERE NOT verified AND overall = 2),
         count(*) FILTER (WHERE NOT verified AND overall = 3),
         count(*) FILTER (WHERE NOT verified AND overall = 4),
         count(*) FILTER (WHERE NOT verified AND overall = 5)
  FROM new_rows
  WHERE kaimen_rating_counts(quarantine_state, malicious)
  GROUP BY cycle_id, unit_id, service_point_id
  ORDER BY cycle_id, service_point_id
  ON CONFLICT (cycle_id, service_point_id) DO UPDATE SET
    verified_1 = t.verified_1 + EXCLUDED.verified_1,
    verified_2 = t.verified_2 + EXCLUDED.verified_2,
    verified_3 = t.verified_3 + EXCLUDED.verified_3,
    verified_4 = t.verified_4 + EXCLUDED.verified_4,
    verified_5 = t.verified_5 + EXCLUDED.verified_5,
    unverified_1 = t.unverified_1 + EXCLUDED.unverified_1,
    unverified_2 = t.unverified_2 + EXCLUDED.unverified_2,
    unverified_3 = t.unverified_3 + EXCLUDED.unverified_3,
    unverified_4 = t.unverified_4 + EXCLUDED.unverified_4,
    unverified_5 = t.unverified_5 + EXCLUDED.unverified_5;
  RETURN NULL;
END
$$;

CREATE FUNCTION kaimen_tally_after_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO citizen_rating_tally AS t (cycle_id, unit_id, service_point_id, verified_1, verified_2, verified_3, verified_4, verified_5, unverified_1, unverified_2, unverified_3, unverified_4, unverified_5)
  SELECT cycle_id, unit_id, service_point_id, sum(verified_1), sum(verified_2), sum(verified_3), sum(verified_4), sum(verified_5), sum(unverified_1), sum(unverified_2), sum(unverified_3), sum(unverified_4), sum(unverified_5)
  FROM (
    SELECT cycle_id, unit_id, service_point_id, count(*) FILTER (WHERE verified AND overall = 1), count(*) FILTER (WHERE verified AND overall = 2), count(*) FILTER (WHERE verified AND overall = 3), count(*) FILTER (WHERE verified AND overall = 4), count(*) FILTER (WHERE verified AND overall = 5), count(*) FILTER (WHERE NOT verified AND overall = 1), count(*) FILTER (WHERE NOT verified AND overall = 2), count(*) FILTER (WHERE NOT verified AND overall = 3), count(*) FILTER (WHERE NOT verified AND overall = 4), count(*) FILTER (WHERE NOT verified AND overall = 5)
    FROM new_rows WHERE kaimen_rating_counts(quarantine_state, malicious)
    GROUP BY cycle_id, unit_id, service_point_id
    UNION ALL
    SELECT cycle_id, unit_id, service_point_id, -count(*) FILTER (WHERE verified AND overall = 1), -count(*) FILTER (WHERE verified AND overall = 2), -count(*) FILTER (WHERE verified AND overall = 3), -count(*) FILTER (WHERE verified AND overall = 4), -count(*) FILTER (WHERE verified AND overall = 5), -count(*) FILTER (WHERE NOT verified AND overall = 1), -count(*) FILTER (WHERE NOT verified AND overall = 2), -count(*) FILTER (WHERE NOT verified AND overall = 3), -count(*) FILTER (WHERE NOT verified AND overall = 4), -count(*) FILTER (WHERE NOT verified AND overall = 5)
    FROM old_rows WHERE kaimen_rating_counts(quarantine_state, malicious)
    GROUP BY cycle_id, unit_id, service_point_id
  ) AS d (cycle_id, unit_id, service_point_id, verified_1, verified_2, verified_3, verified_4, verified_5, unverified_1, unverified_2, unverified_3, unverified_4, unverified_5)
  GROUP BY cycle_id, unit_id, service_point_id
  -- An update that changes nothing counted (a comment, say) writes nothing here.
  HAVING sum(verified_1) <> 0 OR sum(verified_2) <> 0 OR sum(verified_3) <> 0 OR sum(verified_4) <> 0 OR sum(verified_5) <> 0 OR sum(unverified_1) <> 0 OR sum(unverified_2) <> 0 OR sum(unverified_3) <> 0 OR sum(unverified_4) <> 0 OR sum(unverified_5) <> 0
  ORDER BY cycle_id, service_point_id
  ON CONFLICT (cycle_id, service_point_id) DO UPDATE SET
    verified_1 = t.verified_1 + EXCLUDED.verified_1,
    verified_2 = t.verified_2 + EXCLUDED.verified_2,
    verified_3 = t.verified_3 + EXCLUDED.verified_3,
    verified_4 = t.verified_4 + EXCLUDED.verified_4,
    verified_5 = t.verified_5 + EXCLUDED.verified_5,
    unverified_1 = t.unverified_1 + EXCLUDED.unverified_1,
    unverified_2 = t.unverified_2 + EXCLUDED.unverified_2,
    unverified_3 = t.unverified_3 + EXCLUDED.unverified_3,
    unverified_4 = t.unverified_4 + EXCLUDED.unverified_4,
    unverified_5 = t.unverified_5 + EXCLUDED.unverified_5;
  RETURN NULL;
END
$$;

CREATE FUNCTION kaimen_tally_after_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO citizen_rating_tally AS t (cycle_id, unit_id, service_point_id, verified_1, verified_2, verified_3, verified_4, verified_5, unverified_1, unverified_2, unverified_3, unverified_4, unverified_5)
  SELECT cycle_id, unit_id, service_point_id, -count(*) FILTER (WHERE verified AND overall = 1), -count(*) FILTER (WHERE verified AND overall = 2), -count(*) FILTER (WHERE verified AND overall = 3), -count(*) FILTER (WHERE verified AND overall = 4), -count(*) FILTER (WHERE verified AND overall = 5), -count(*) FILTER (WHERE NOT verified AND overall = 1), -count(*) FILTER (WHERE NOT verified AND overall = 2), -count(*) FILTER (WHERE NOT verified AND overall = 3), -count(*) FILTER (WHERE NOT verified AND overall = 4), -count(*) FILTER (WHERE NOT verified AND overall = 5)
  FROM old_rows
  WHERE kaimen_rating_counts(quarantine_state, malicious)
  GROUP BY cycle_id, unit_id, service_point_id
  ORDER BY cycle_id, service_point_id
  ON CONFLICT (cycle_id, service_point_id) DO UPDATE SET
    verified_1 = t.verified_1 + EXCLUDED.verified_1,
    verified_2 = t.verified_2 + EXCLUDED.verified_2,
    verified_3 = t.verified_3 + EXCLUDED.verified_3,
    verified_4 = t.verified_4 + EXCLUDED.verified_4,
    verified_5 = t.verified_5 + EXCLUDED.verified_5,
    unverified_1 = t.unverified_1 + EXCLUDED.unverified_1,
    unverified_2 = t.unverified_2 + EXCLUDED.unverified_2,
    unverified_3 = t.unverified_3 + EXCLUDED.unverified_3,
    unverified_4 = t.unverified_4 + EXCLUDED.unverified_4,
    unverified_5 = t.unverified_5 + EXCLUDED.unverified_5;
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
INSERT INTO citizen_rating_tally (cycle_id, unit_id, service_point_id, verified_1, verified_2, verified_3, verified_4, verified_5, unverified_1, unverified_2, unverified_3, unverified_4, unverified_5)
SELECT cycle_id, unit_id, service_point_id,
       count(*) FILTER (WHERE verified AND overall = 1),
         count(*) FILTER (WHERE verified AND overall = 2),
         count(*) FILTER (WHERE verified AND overall = 3),
         count(*) FILTER (WHERE verified AND overall = 4),
         count(*) FILTER (WHERE verified AND overall = 5),
         count(*) FILTER (WHERE NOT verified AND overall = 1),
         count(*) FILTER (WHERE NOT verified AND overall = 2),
         count(*) FILTER (WHERE NOT verified AND overall = 3),
         count(*) FILTER (WHERE NOT verified AND overall = 4),
         count(*) FILTER (WHERE NOT verified AND overall = 5)
FROM citizen_rating
WHERE kaimen_rating_counts(quarantine_state, malicious)
GROUP BY cycle_id, unit_id, service_point_id;
