-- kaimen_is_level_map guards citizen_rating.aspect_answers (CHECK): an object whose every
-- value is one of the whole numbers 1–5. The first version walked jsonb_each() in a subquery,
-- which PostgreSQL cannot inline, so every inserted rating paid a SQL-function call with its
-- own executor: measured at about three quarters of a millisecond per 10 ratings, a quarter
-- of a rating batch's insert time.
--
-- The same rule, read off the canonical text of the jsonb: PostgreSQL prints an object as
-- {"key": value, "key": value} (keys as JSON strings with \ escapes, ": " and ", " between),
-- so "every value is exactly one of 1–5" is one regular expression — no subquery, inlined
-- into the constraint. Exactly as before: {} passes; 1.0, "3", 6, true, null, arrays and
-- nested objects fail; 1e0 is stored as 1 and passes. Existing rows are not re-checked
-- (the rule did not change); level-map.test.ts pins the rule on a table of cases.
CREATE OR REPLACE FUNCTION kaimen_is_level_map(answers jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT answers::text ~ '^\{("(?:[^"\\]|\\.)*": [1-5](, "(?:[^"\\]|\\.)*": [1-5])*)?\}$'
$$;
