-- The aspect answers (办事效率, 服务态度 …) tallied like the overall answer: counted ratings per
-- cycle × service point × verified × aspect × level. With citizen_rating_tally this is the
-- citizen channel's whole input, so a cycle computation reads a few tens of thousands of tally
-- rows instead of parsing every rating's jsonb (the cost moves to the write, once per rating).

CREATE TABLE citizen_aspect_tally (
  cycle_id          uuid NOT NULL REFERENCES cycle (id),
  unit_id           uuid NOT NULL REFERENCES unit (id),
  service_point_id  uuid NOT NULL REFERENCES service_point (id),
  verified          boolean NOT NULL,
  aspect_code       text NOT NULL,
  level             smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
  n                 bigint NOT NULL CHECK (n >= 0),
  PRIMARY KEY (cycle_id, service_point_id, verified, aspect_code, level)
);

CREATE FUNCTION kaimen_aspect_tally_after_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO citizen_aspect_tally AS t (cycle_id, unit_id, service_point_id, verified, aspect_code, level, n)
  SELECT r.cycle_id, r.unit_id, r.service_point_id, r.verified, a.key, a.value::smallint, count(*)
  FROM new_rows r, jsonb_each_text(r.aspect_answers) a
  WHERE kaimen_rating_counts(r.quarantine_state, r.malicious)
  GROUP BY 1, 2, 3, 4, 5, 6
  ORDER BY 1, 3, 4, 5, 6
  ON CONFLICT (cycle_id, service_point_id, verified, aspect_code, level) DO UPDATE SET n = t.n + EXCLUDED.n;
  RETURN NULL;
END
$$;

-- Net change per key in one statement, as for citizen_rating_tally (decrements by UPDATE).
CREATE FUNCTION kaimen_aspect_tally_after_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  WITH delta AS (
    SELECT cycle_id, unit_id, service_point_id, verified, aspect_code, level, sum(change) AS change
    FROM (
      SELECT r.cycle_id, r.unit_id, r.service_point_id, r.verified, a.key AS aspect_code,
             a.value::smallint AS level, 1 AS change
      FROM new_rows r, jsonb_each_text(r.aspect_answers) a
      WHERE kaimen_rating_counts(r.quarantine_state, r.malicious)
      UNION ALL
      SELECT r.cycle_id, r.unit_id, r.service_point_id, r.verified, a.key, a.value::smallint, -1
      FROM old_rows r, jsonb_each_text(r.aspect_answers) a
      WHERE kaimen_rating_counts(r.quarantine_state, r.malicious)
    ) d
    GROUP BY 1, 2, 3, 4, 5, 6
    HAVING sum(change) <> 0
  ), decrement AS (
    UPDATE citizen_aspect_tally t SET n = t.n + d.change
    FROM delta d
    WHERE d.change < 0 AND t.cycle_id = d.cycle_id AND t.service_point_id = d.service_point_id
      AND t.verified = d.verified AND t.aspect_code = d.aspect_code AND t.level = d.level
    RETURNING 1
  )
  INSERT INTO citizen_aspect_tally AS t (cycle_id, unit_id, service_point_id, verified, aspect_code, level, n)
  SELECT cycle_id, unit_id, service_point_id, verified, aspect_code, level, change
  FROM delta WHERE change > 0
  ORDER BY cycle_id, service_point_id, verified, aspect_code, level
  ON CONFLICT (cycle_id, service_point_id, verified, aspect_code, level) DO UPDATE SET n = t.n + EXCLUDED.n;
  RETURN NULL;
END
$$;

CREATE FUNCTION kaimen_aspect_tally_after_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE citizen_aspect_tally t SET n = t.n - d.n
  FROM (
    SELECT r.cycle_id, r.service_point_id, r.verified, a.key AS aspect_code, a.value::smallint AS level,
           count(*) AS n
    FROM old_rows r, jsonb_each_text(r.aspect_answers) a
    WHERE kaimen_rating_counts(r.quarantine_state, r.malicious)
    GROUP BY 1, 2, 3, 4, 5
  ) d
  WHERE t.cycle_id = d.cycle_id AND t.service_point_id = d.service_point_id
    AND t.verified = d.verified AND t.aspect_code = d.aspect_code AND t.level = d.level;
  RETURN NULL;
END
$$;

CREATE TRIGGER citizen_aspect_tally_insert AFTER INSERT ON citizen_rating
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kaimen_aspect_tally_after_insert();
CREATE TRIGGER citizen_aspect_tally_update AFTER UPDATE ON citizen_rating
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kaimen_aspect_tally_after_update();
CREATE TRIGGER citizen_aspect_tally_delete AFTER DELETE ON citizen_rating
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kaimen_aspect_tally_after_delete();

INSERT INTO citizen_aspect_tally (cycle_id, unit_id, service_point_id, verified, aspect_code, level, n)
SELECT r.cycle_id, r.unit_id, r.service_point_id, r.verified, a.key, a.value::smallint, count(*)
FROM citizen_rating r, jsonb_each_text(r.aspect_answers) a
WHERE kaimen_rating_counts(r.quarantine_state, r.malicious)
GROUP BY 1, 2, 3, 4, 5, 6;
