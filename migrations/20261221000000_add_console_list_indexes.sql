-- Indexes for the console's paged lists (cases, quarantine, audit log), which count their
-- total and fetch one page with filters instead of the first 100 or 200 rows.

-- Open cases by deadline: the "overdue" filter (due_on < today among open cases) and the
-- deadline sort, without reading the closed cases that make up most of the table.
CREATE INDEX negative_rating_case_open_due_idx ON negative_rating_case (due_on, id)
  WHERE state <> 'closed';

-- Cases newest first (sort by created).
CREATE INDEX negative_rating_case_opened_idx ON negative_rating_case (opened_at, id);

-- Held ratings per unit, newest first (the quarantine filter by unit); holds only the held
-- ratings, so the citizen ingest pays nothing for it.
CREATE INDEX citizen_rating_held_unit_idx ON citizen_rating (unit_id, created_at)
  WHERE quarantine_state = 'quarantined';

-- The audit log a page at a time in id order, and by actor.
CREATE INDEX audit_log_organiser_id_idx ON audit_log (organiser_id, id);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, id) WHERE actor_id IS NOT NULL;
