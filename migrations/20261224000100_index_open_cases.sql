-- The dashboard's case-deadline chart counts the open cases of a cycle (per due date). With only
-- (unit_id, state, due_on) that read went through every case the cycle ever had, closed ones
-- included, so it grew with the ratings; this index holds the open cases alone, which stay as
-- many as the last weeks' dissatisfied ratings however long the cycle runs.
CREATE INDEX negative_rating_case_open_idx ON negative_rating_case (unit_id, due_on, rating_id)
  WHERE state <> 'closed';
