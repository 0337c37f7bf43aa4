-- citizen_rating.unit_id is denormalised from service_point (per-unit aggregation needs no
-- join), but nothing tied the two together: a rating could name one unit and another unit's
-- window, and would then count for a unit whose window it never was. One composite foreign key
-- makes the database refuse that, and it replaces the two single-column keys it implies (the
-- service point exists, and its unit exists through service_point.unit_id), so every inserted
-- rating costs one foreign-key check less, not one more. Service points never change unit
-- (no code updates service_point.unit_id), so the new key blocks nothing that happens today.
ALTER TABLE service_point ADD CONSTRAINT service_point_id_unit_key UNIQUE (id, unit_id);

ALTER TABLE citizen_rating
  ADD CONSTRAINT citizen_rating_service_point_unit_fkey
  FOREIGN KEY (service_point_id, unit_id) REFERENCES service_point (id, unit_id);

ALTER TABLE citizen_rating DROP CONSTRAINT citizen_rating_service_point_id_fkey;
ALTER TABLE citizen_rating DROP CONSTRAINT citizen_rating_unit_id_fkey;
