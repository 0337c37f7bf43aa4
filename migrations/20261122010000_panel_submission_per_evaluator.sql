-- A person rates a unit once per cycle, whichever of their invitation links they used: when
-- the organiser sends a new link (the old one lost or forwarded), the old one is withdrawn,
-- and this key keeps the new one from submitting the same unit again.
ALTER TABLE panel_submission ADD COLUMN cycle_id uuid REFERENCES cycle (id);
ALTER TABLE panel_submission ADD COLUMN evaluator_id uuid REFERENCES evaluator (id);
UPDATE panel_submission s SET cycle_id = i.cycle_id, evaluator_id = i.evaluator_id
FROM invitation i WHERE i.id = s.invitation_id;
ALTER TABLE panel_submission ALTER COLUMN cycle_id SET NOT NULL;
ALTER TABLE panel_submission ALTER COLUMN evaluator_id SET NOT NULL;
ALTER TABLE panel_submission
  ADD CONSTRAINT panel_submission_once_per_person UNIQUE (cycle_id, evaluator_id, unit_id);
