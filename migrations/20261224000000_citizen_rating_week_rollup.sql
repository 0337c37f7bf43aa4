-- Dashboard series read model: counted citizen ratings per cycle × service point × week, with a
-- count for each day of the week and the satisfied ones (levels 4–5) of the week. The dashboard's
-- ratings-per-day and weekly satisfaction charts (cycle, category and unit drill-downs) sum these
-- rows instead of scanning the cycle's ratings, so a read costs windows × weeks short rows at 10M
-- ratings as at 200k.
--
-- Days are China calendar days (UTC+8, as case deadlines and the earlier scan); weeks start on
-- Monday (date_trunc('week')), day_1 is Monday … day_7 Sunday. One row per window and week holds
-- the window's seven days: a fifth of the rows of one per day for the same reads, and a row is
-- only ever written by ratings of one window, as citizen_rating_tally's row of that window is, so
-- the write adds no row that two windows share. Counts are integer (one window's week is far
-- from 2^31 ratings): sum() over integer adds in bigint, over bigint in numeric, several times slower.
--
-- Kept exact like the tallies: statement-level triggers on citizen_rating (INSERT/COPY, UPDATE —
-- quarantine decisions, malicious marks — and DELETE) upsert one aggregated delta per statement,
-- in the statement's own transaction. No CHECK (n >= 0), for the reason given in
-- 20261122000000_citizen_rating_tally.sql (ON CONFLICT checks the proposed negative delta).

CREATE TABLE citizen_rating_week_rollup (
  cycle_id          uuid NOT NULL REFERENCES cycle (id),
  service_point_id  uuid NOT NULL REFERENCES service_point (id),
  week              date NOT NULL,
  unit_id           uuid NOT NULL REFERENCES unit (id),
  day_1             integer NOT NULL DEFAULT 0,
  day_2             integer NOT NULL DEFAULT 0,
  day_3             integer NOT NULL DEFAULT 0,
  day_4             integer NOT NULL DEFAULT 0,
  day_5             integer NOT NULL DEFAULT 0,
  day_6             integer NOT NULL DEFAULT 0,
  day_7             integer NOT NULL DEFAULT 0,
  satisfied         integer NOT NULL DEFAULT 0,
  PRIMARY KEY (cycle_id, service_point_id, week)
);
CREATE INDEX citizen_rating_week_rollup_unit_idx ON citizen_rating_week_rollup (cycle_id, unit_id);

-- The China calendar day of an instant (fixed UTC+8: no daylight saving since 1991).
CREATE FUNCTION kaimen_china_day(at timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT (at AT TIME ZONE 'UTC' + interval '8 hours')::date
$$;

CREATE FUNCTION kaimen_week_rollup_after_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO citizen_rating_week_rollup AS t (cycle_id, service_point_id, week, unit_id, day_1, day_2, day_3, day_4, day_5, day_6, day_7, satisfied)
  SELECT cycle_id, service_point_id, date_trunc('week', day)::date, unit_id,
         count(*) FILTER (WHERE extract(isodow FROM day) = 1),
         count(*) FILTER (WHERE extract(isodow FROM day) = 2),
         count(*) FILTER (WHERE extract(isodow FROM day) = 3),
         count(*) FILTER (WHERE extract(isodow FROM day) = 4),
         count(*) FILTER (WHERE extract(isodow FROM day) = 5),
         count(*) FILTER (WHERE extract(isodow FROM day) = 6),
         count(*) FILTER (WHERE extract(isodow FROM day) = 7),
         count(*) FILTER (WHERE overall >= 4)
  FROM (SELECT cycle_id, service_point_id, unit_id, overall, kaimen_china_day(created_at) AS day
        FROM new_rows WHERE kaimen_rating_counts(quarantine_state, malicious)) r
  GROUP BY 1, 2, 3, 4
  -- Key order, as for the tallies, so concurrent statements lock rows in one order.
  ORDER BY 1, 2, 3
  ON CONFLICT (cycle_id, service_point_id, week) DO UPDATE SET
    day_1 = t.day_1 + EXCLUDED.day_1, day_2 = t.day_2 + EXCLUDED.day_2,
    day_3 = t.day_3 + EXCLUDED.day_3, day_4 = t.day_4 + EXCLUDED.day_4,
    day_5 = t.day_5 + EXCLUDED.day_5, day_6 = t.day_6 + EXCLUDED.day_6,
    day_7 = t.day_7 + EXCLUDED.day_7, satisfied = t.satisfied + EXCLUDED.satisfied;
  RETURN NULL;
END
$$;

-- Net change per window and week: counted new rows minus counted old rows. A statement that
-- changes nothing counted (a comment, a release and a rejection that cancel out) writes nothing.
CREATE FUNCTION kaimen_week_rollup_after_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO citizen_rating_week_rollup AS t (cycle_id, service_point_id, week, unit_id, day_1, day_2, day_3, day_4, day_5, day_6, day_7, satisfied)
  SELECT cycle_id, service_point_id, date_trunc('week', day)::date, unit_id,
         coalesce(sum(sign) FILTER (WHERE extract(isodow FROM day) = 1), 0),
         coalesce(sum(sign) FILTER (WHERE extract(isodow FROM day) = 2), 0),
         coalesce(sum(sign) FILTER (WHERE extract(isodow FROM day) = 3), 0),
         coalesce(sum(sign) FILTER (WHERE extract(isodow FROM day) = 4), 0),
         coalesce(sum(sign) FILTER (WHERE extract(isodow FROM day) = 5), 0),
         coalesce(sum(sign) FILTER (WHERE extract(isodow FROM day) = 6), 0),
         coalesce(sum(sign) FILTER (WHERE extract(isodow FROM day) = 7), 0),
         coalesce(sum(sign) FILTER (WHERE overall >= 4), 0)
  FROM (SELECT cycle_id, service_point_id, unit_id, overall, kaimen_china_day(created_at) AS day, 1 AS sign
        FROM new_rows WHERE kaimen_rating_counts(quarantine_state, malicious)
        UNION ALL
        SELECT cycle_id, service_point_id, unit_id, overall, kaimen_china_day(created_at), -1
        FROM old_rows WHERE kaimen_rating_counts(quarantine_state, malicious)) r
  GROUP BY 1, 2, 3, 4
  HAVING (
    coalesce(sum(sign) FILTER (WHERE extract(isodow FROM day) = 1), 0) <> 0 OR
    coalesce(sum(sign) FILTER (WHERE extract(isodow FROM day) = 2), 0) <> 0 OR
    coalesce(sum(sign) FILTER (WHERE extract(isodow FROM day) = 3), 0) <> 0 OR
    coalesce(sum(sign) FILTER (WHERE extract(isodow FROM day) = 4), 0) <> 0 OR
    coalesce(sum(sign) FILTER (WHERE extract(isodow FROM day) = 5), 0) <> 0 OR
    coalesce(sum(sign) FILTER (WHERE extract(isodow FROM day) = 6), 0) <> 0 OR
    coalesce(sum(sign) FILTER (WHERE extract(isodow FROM day) = 7), 0) <> 0 OR
    coalesce(sum(sign) FILTER (WHERE overall >= 4), 0) <> 0)
  ORDER BY 1, 2, 3
  ON CONFLICT (cycle_id, service_point_id, week) DO UPDATE SET
    day_1 = t.day_1 + EXCLUDED.day_1, day_2 = t.day_2 + EXCLUDED.day_2,
    day_3 = t.day_3 + EXCLUDED.day_3, day_4 = t.day_4 + EXCLUDED.day_4,
    day_5 = t.day_5 + EXCLUDED.day_5, day_6 = t.day_6 + EXCLUDED.day_6,
    day_7 = t.day_7 + EXCLUDED.day_7, satisfied = t.satisfied + EXCLUDED.satisfied;
  RETURN NULL;
END
$$;

CREATE FUNCTION kaimen_week_rollup_after_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO citizen_rating_week_rollup AS t (cycle_id, service_point_id, week, unit_id, day_1, day_2, day_3, day_4, day_5, day_6, day_7, satisfied)
  SELECT cycle_id, service_point_id, date_trunc('week', day)::date, unit_id,
         -count(*) FILTER (WHERE extract(isodow FROM day) = 1),
         -count(*) FILTER (WHERE extract(isodow FROM day) = 2),
         -count(*) FILTER (WHERE extract(isodow FROM day) = 3),
         -count(*) FILTER (WHERE extract(isodow FROM day) = 4),
         -count(*) FILTER (WHERE extract(isodow FROM day) = 5),
         -count(*) FILTER (WHERE extract(isodow FROM day) = 6),
         -count(*) FILTER (WHERE extract(isodow FROM day) = 7),
         -count(*) FILTER (WHERE overall >= 4)
  FROM (SELECT cycle_id, service_point_id, unit_id, overall, kaimen_china_day(created_at) AS day
        FROM old_rows WHERE kaimen_rating_counts(quarantine_state, malicious)) r
  GROUP BY 1, 2, 3, 4
  ORDER BY 1, 2, 3
  ON CONFLICT (cycle_id, service_point_id, week) DO UPDATE SET
    day_1 = t.day_1 + EXCLUDED.day_1, day_2 = t.day_2 + EXCLUDED.day_2,
    day_3 = t.day_3 + EXCLUDED.day_3, day_4 = t.day_4 + EXCLUDED.day_4,
    day_5 = t.day_5 + EXCLUDED.day_5, day_6 = t.day_6 + EXCLUDED.day_6,
    day_7 = t.day_7 + EXCLUDED.day_7, satisfied = t.satisfied + EXCLUDED.satisfied;
  RETURN NULL;
END
$$;

CREATE TRIGGER citizen_rating_week_rollup_insert AFTER INSERT ON citizen_rating
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kaimen_week_rollup_after_insert();
CREATE TRIGGER citizen_rating_week_rollup_update AFTER UPDATE ON citizen_rating
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kaimen_week_rollup_after_update();
CREATE TRIGGER citizen_rating_week_rollup_delete AFTER DELETE ON citizen_rating
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION kaimen_week_rollup_after_delete();

-- Ratings that existed before this migration.
INSERT INTO citizen_rating_week_rollup (cycle_id, service_point_id, week, unit_id, day_1, day_2, day_3, day_4, day_5, day_6, day_7, satisfied)
SELECT cycle_id, service_point_id, date_trunc('week', day)::date, unit_id,
       count(*) FILTER (WHERE extract(isodow FROM day) = 1),
       count(*) FILTER (WHERE extract(isodow FROM day) = 2),
       count(*) FILTER (WHERE extract(isodow FROM day) = 3),
       count(*) FILTER (WHERE extract(isodow FROM day) = 4),
       count(*) FILTER (WHERE extract(isodow FROM day) = 5),
       count(*) FILTER (WHERE extract(isodow FROM day) = 6),
       count(*) FILTER (WHERE extract(isodow FROM day) = 7),
       count(*) FILTER (WHERE overall >= 4)
FROM (SELECT cycle_id, service_point_id, unit_id, overall, kaimen_china_day(created_at) AS day
      FROM citizen_rating WHERE kaimen_rating_counts(quarantine_state, malicious)) r
GROUP BY 1, 2, 3, 4;
