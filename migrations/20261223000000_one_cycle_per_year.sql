-- One cycle per organiser and year, unless a second one is named apart by its variant (e.g.
-- 专项考评, a special round): two cycles of the same year were easy to make by accident, and
-- every screen that picks "the" cycle of a year then showed the wrong one.
ALTER TABLE cycle ADD COLUMN variant text NOT NULL DEFAULT ''
  CHECK (variant = btrim(variant) AND length(variant) <= 200);

-- A database that already holds two cycles of one year keeps them all: each later one is named
-- apart by its own name, which is unique per organiser.
UPDATE cycle c SET variant = c.name
WHERE EXISTS (
  SELECT 1 FROM cycle o
  WHERE o.organiser_id = c.organiser_id AND o.year = c.year
    AND (o.created_at, o.id) < (c.created_at, c.id)
);

CREATE UNIQUE INDEX cycle_one_per_year ON cycle (organiser_id, year, variant);
