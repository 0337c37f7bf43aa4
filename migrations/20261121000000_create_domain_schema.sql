-- The whole Kaimen domain model in one place, so it can be read as a whole.
-- Conventions: singular snake_case tables, uuid keys (bigint identity for the high-volume
-- citizen_rating and audit_log), timestamptz for instants, date for calendar days,
-- numeric for weights/scores. Invariants that must always hold are constraints here,
-- not only checks in application code.

-- ---------------------------------------------------------------------------------------
-- Helpers
-- ---------------------------------------------------------------------------------------

-- True when every value of a {aspect_code: level} object is an integer level 1..5.
-- Used by CHECK constraints, so it must be immutable.
CREATE FUNCTION kaimen_is_level_map(answers jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT jsonb_typeof(answers) = 'object'
     AND NOT EXISTS (
       SELECT 1 FROM jsonb_each(answers) AS e(k, v)
       WHERE jsonb_typeof(e.v) <> 'number'
          OR (e.v)::text !~ '^[1-5]$'
     )
$$;

-- Rejects UPDATE/DELETE/TRUNCATE on tables that are append-only by law or by design.
CREATE FUNCTION kaimen_forbid_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation';
END
$$;

-- ---------------------------------------------------------------------------------------
-- Organisations, units, service points
-- ---------------------------------------------------------------------------------------

-- An organiser office (机关工委/考评办) and every organisation whose staff use Kaimen.
CREATE TABLE organisation (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind          text NOT NULL CHECK (kind IN ('organiser', 'unit', 'superior_agency',
                  'petition_office', 'discipline_body', 'assessment_agency')),
  -- The organiser this organisation works under; null only for organisers themselves and
  -- for assessment agencies, which may serve several organisers.
  organiser_id  uuid REFERENCES organisation (id),
  code          text NOT NULL CHECK (code ~ '^[A-Za-z0-9_-]{1,64}$'),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  name_en       text CHECK (length(name_en) <= 200),
  unit_id       uuid, -- set for kind = 'unit' (FK added below, the tables reference each other)
  created_at    timestamptz NOT NULL DEFAULT now(),
  retired_at    timestamptz,
  UNIQUE (code),
  CHECK ((kind = 'organiser') = (organiser_id IS NULL) OR kind = 'assessment_agency'),
  CHECK ((kind = 'unit') = (unit_id IS NOT NULL))
);

-- 单位类别: selects the indicator tree and the channel weights.
CREATE TABLE unit_category (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organiser_id  uuid NOT NULL REFERENCES organisation (id),
  code          text NOT NULL CHECK (code ~ '^[A-Za-z0-9_-]{1,64}$'),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  name_en       text CHECK (length(name_en) <= 100),
  created_at    timestamptz NOT NULL DEFAULT now(),
  retired_at    timestamptz,
  UNIQUE (organiser_id, code),
  UNIQUE (organiser_id, id)
);

-- 被考评单位, a tree (a bureau and its sub-units).
CREATE TABLE unit (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organiser_id  uuid NOT NULL REFERENCES organisation (id),
  category_id   uuid NOT NULL,
  parent_id     uuid REFERENCES unit (id),
  code          text NOT NULL CHECK (code ~ '^[A-Za-z0-9_-]{1,64}$'),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  name_en       text CHECK (length(name_en) <= 200),
  created_at    timestamptz NOT NULL DEFAULT now(),
  retired_at    timestamptz,
  UNIQUE (organiser_id, code),
  CHECK (parent_id IS NULL OR parent_id <> id),
  -- A unit's category must belong to the same organiser.
  FOREIGN KEY (organiser_id, category_id) REFERENCES unit_category (organiser_id, id)
);
CREATE INDEX unit_category_idx ON unit (category_id);
CREATE INDEX unit_parent_idx ON unit (parent_id);

ALTER TABLE organisation
  ADD CONSTRAINT organisation_unit_fk FOREIGN KEY (unit_id) REFERENCES unit (id),
  ADD CONSTRAINT organisation_unit_unique UNIQUE (unit_id);

-- 服务窗口: a counter, hall or online service where citizens are served.
CREATE TABLE service_point (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id       uuid NOT NULL REFERENCES unit (id),
  code          text NOT NULL CHECK (code ~ '^[A-Za-z0-9_-]{1,64}$'),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  name_en       text CHECK (length(name_en) <= 200),
  kind          text NOT NULL DEFAULT 'counter' CHECK (kind IN ('counter', 'hall', 'online')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  retired_at    timestamptz,
  UNIQUE (unit_id, code)
);

-- Served transactions per service point and period; used to post-stratify citizen scores.
CREATE TABLE service_volume (
  service_point_id uuid NOT NULL REFERENCES service_point (id),
  period_start  date NOT NULL,
  period_end    date NOT NULL,
  volume        integer NOT NULL CHECK (volume >= 0),
  PRIMARY KEY (service_point_id, period_start),
  CHECK (period_end >= period_start)
);

-- Key versions for signing window QR codes. The HMAC key itself is derived from the
-- server secret and (organiser, version), so no key material is stored; revoking a
-- version invalidates every poster printed with it.
CREATE TABLE qr_key_version (
  organiser_id  uuid NOT NULL REFERENCES organisation (id),
  version       integer NOT NULL CHECK (version >= 1),
  created_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz,
  PRIMARY KEY (organiser_id, version)
);

-- 评价器: a window screen, tablet or queue/ticket system that requests per-visit codes.
CREATE TABLE rating_device (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  service_point_id uuid NOT NULL REFERENCES service_point (id),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  kind          text NOT NULL CHECK (kind IN ('window_screen', 'queue_system', 'tablet')),
  api_key_hash  bytea NOT NULL UNIQUE,
  api_key_prefix text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz
);

-- ---------------------------------------------------------------------------------------
-- Cycles, indicators, weights, calendar
-- ---------------------------------------------------------------------------------------

-- 考评周期. policy holds the scoring policy (minimum samples, redistribution, grade
-- thresholds, quota, negative-list rules); its shape is validated by packages/contracts.
CREATE TABLE cycle (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organiser_id  uuid NOT NULL REFERENCES organisation (id),
  year          integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  state         text NOT NULL DEFAULT 'draft'
                  CHECK (state IN ('draft', 'open', 'closed', 'computed', 'published')),
  starts_on     date NOT NULL,
  ends_on       date NOT NULL,
  policy        jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(policy) = 'object'),
  -- Copied from the previous cycle when the indicator tree was copied from it.
  previous_cycle_id uuid REFERENCES cycle (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organiser_id, name),
  CHECK (ends_on >= starts_on)
);

-- The "3+X" phases: task list, mid-year review, year-end assessment, spot checks.
CREATE TABLE cycle_phase (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cycle_id      uuid NOT NULL REFERENCES cycle (id),
  kind          text NOT NULL
                  CHECK (kind IN ('task_list', 'mid_year_review', 'year_end_assessment', 'spot_check')),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  starts_on     date NOT NULL,
  ends_on       date NOT NULL,
  CHECK (ends_on >= starts_on)
);
CREATE INDEX cycle_phase_cycle_idx ON cycle_phase (cycle_id);

-- 指标体系: a tree per cycle and unit category; siblings' weights sum to 100 (checked
-- when a cycle opens, since a tree is edited one node at a time).
CREATE TABLE indicator (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cycle_id      uuid NOT NULL REFERENCES cycle (id),
  category_id   uuid NOT NULL REFERENCES unit_category (id),
  parent_id     uuid REFERENCES indicator (id),
  code          text NOT NULL CHECK (code ~ '^[A-Za-z0-9_.-]{1,64}$'),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  name_en       text CHECK (length(name_en) <= 200),
  description   text CHECK (length(description) <= 2000),
  weight        numeric(6, 3) NOT NULL CHECK (weight >= 0 AND weight <= 100),
  kind          text NOT NULL CHECK (kind IN ('quantitative', 'qualitative')),
  scale_min     numeric(8, 3) NOT NULL DEFAULT 0,
  scale_max     numeric(8, 3) NOT NULL DEFAULT 100,
  position      integer NOT NULL DEFAULT 0,
  -- 淘汰: not copied into later cycles; this cycle keeps its frozen version.
  retired       boolean NOT NULL DEFAULT false,
  UNIQUE (cycle_id, category_id, code),
  CHECK (scale_max > scale_min),
  CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX indicator_parent_idx ON indicator (parent_id);

-- 评价主体 weights per cycle and unit category, in % of the composite.
CREATE TABLE channel_weight (
  cycle_id      uuid NOT NULL REFERENCES cycle (id),
  category_id   uuid NOT NULL REFERENCES unit_category (id),
  channel       text NOT NULL CHECK (channel IN ('citizen', 'representative', 'special_supervisor',
                  'superior', 'third_party', 'self', 'peer')),
  weight        numeric(6, 3) NOT NULL CHECK (weight >= 0 AND weight <= 100),
  PRIMARY KEY (cycle_id, category_id, channel)
);

-- The aspects citizens rate beside overall satisfaction (办事效率, 服务态度, 办事便捷度 …).
CREATE TABLE rating_aspect (
  cycle_id      uuid NOT NULL REFERENCES cycle (id),
  code          text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]{0,31}$'),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  name_en       text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 100),
  position      integer NOT NULL DEFAULT 0,
  PRIMARY KEY (cycle_id, code)
);

-- Working-day calendar: official holidays and make-up working days (调休) that override
-- the Monday–Friday default.
CREATE TABLE calendar_day (
  organiser_id  uuid NOT NULL REFERENCES organisation (id),
  day           date NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name          text CHECK (length(name) <= 100),
  PRIMARY KEY (organiser_id, day)
);

-- 年初清单: each unit's targets for the year, reviewed mid-year.
CREATE TABLE task_list_item (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cycle_id      uuid NOT NULL REFERENCES cycle (id),
  unit_id       uuid NOT NULL REFERENCES unit (id),
  title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
  target        text CHECK (length(target) <= 2000),
  progress_pct  numeric(5, 2) CHECK (progress_pct BETWEEN 0 AND 100),
  status        text NOT NULL DEFAULT 'planned'
                  CHECK (status IN ('planned', 'in_progress', 'done', 'dropped')),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX task_list_item_unit_idx ON task_list_item (cycle_id, unit_id);

-- 日常动态调研检查: routine/spot-check results combined "by proportion" with year-end.
CREATE TABLE spot_check_result (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cycle_id      uuid NOT NULL REFERENCES cycle (id),
  unit_id       uuid NOT NULL REFERENCES unit (id),
  phase_id      uuid REFERENCES cycle_phase (id),
  checked_on    date NOT NULL,
  score         numeric(6, 3) NOT NULL CHECK (score BETWEEN 0 AND 100),
  note          text CHECK (length(note) <= 2000),
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX spot_check_result_unit_idx ON spot_check_result (cycle_id, unit_id);

-- ---------------------------------------------------------------------------------------
-- Staff, sessions, audit
-- ---------------------------------------------------------------------------------------

CREATE TABLE staff_user (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisation (id),
  login         text NOT NULL CHECK (login ~ '^[a-z0-9._@-]{3,100}$'),
  display_name  text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
  password_hash text NOT NULL,
  -- TOTP secret, encrypted with the application key; null when 2FA is off.
  totp_secret_encrypted bytea,
  failed_sign_ins integer NOT NULL DEFAULT 0 CHECK (failed_sign_ins >= 0),
  locked_until  timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  disabled_at   timestamptz,
  UNIQUE (login)
);

CREATE TABLE staff_role (
  staff_user_id uuid NOT NULL REFERENCES staff_user (id),
  role          text NOT NULL CHECK (role IN ('organiser_admin', 'organiser_staff', 'unit_liaison',
                  'superior_reviewer', 'petition_officer', 'discipline_officer', 'agency_analyst')),
  PRIMARY KEY (staff_user_id, role)
);

-- ---------------------------------------------------------------------------------------
-- Invited evaluators (两代表一委员, 特约监察员) and panel ratings
-- ---------------------------------------------------------------------------------------

CREATE TABLE evaluator (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organiser_id  uuid NOT NULL REFERENCES organisation (id),
  kind          text NOT NULL
                  CHECK (kind IN ('party_deputy', 'npc_deputy', 'cppcc_member', 'special_supervisor')),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  affiliation   text CHECK (length(affiliation) <= 200),
  -- Contact for sending the invitation; encrypted like every other personal contact.
  contact_encrypted bytea,
  created_at    timestamptz NOT NULL DEFAULT now(),
  retired_at    timestamptz
);

CREATE TABLE evaluator_assignment (
  cycle_id      uuid NOT NULL REFERENCES cycle (id),
  evaluator_id  uuid NOT NULL REFERENCES evaluator (id),
  unit_id       uuid NOT NULL REFERENCES unit (id),
  PRIMARY KEY (cycle_id, evaluator_id, unit_id)
);

-- A personal link. Only the SHA-256 of the 256-bit token is stored.
CREATE TABLE invitation (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cycle_id      uuid NOT NULL REFERENCES cycle (id),
  evaluator_id  uuid NOT NULL REFERENCES evaluator (id),
  token_hash    bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  -- The first POST exchanges the token for a session; opening the link does not.
  exchanged_at  timestamptz,
  revoked_at    timestamptz,
  CHECK (expires_at > created_at)
);
CREATE INDEX invitation_cycle_idx ON invitation (cycle_id, evaluator_id);

CREATE TABLE session (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash    bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
  staff_user_id uuid REFERENCES staff_user (id),
  invitation_id uuid REFERENCES invitation (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  revoked_at    timestamptz,
  -- A session is a staff member's or an invited evaluator's, never both or neither.
  CHECK (num_nonnulls(staff_user_id, invitation_id) = 1),
  CHECK (expires_at > created_at)
);

-- Failed sign-ins per login and per client, for throttling (shared by all API instances).
CREATE TABLE sign_in_attempt (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  login         text NOT NULL,
  client_hash   bytea NOT NULL,
  attempted_at  timestamptz NOT NULL DEFAULT now(),
  succeeded     boolean NOT NULL
);
CREATE INDEX sign_in_attempt_login_idx ON sign_in_attempt (login, attempted_at);

-- A representative's unfinished ratings for one unit; deleted when the unit is submitted.
CREATE TABLE panel_draft (
  invitation_id uuid NOT NULL REFERENCES invitation (id),
  unit_id       uuid NOT NULL REFERENCES unit (id),
  scores        jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(scores) = 'object'),
  comment       text CHECK (length(comment) <= 2000),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (invitation_id, unit_id)
);

-- Participation: who submitted for which unit. The primary key makes a second submit
-- impossible, however many tabs or clicks race.
CREATE TABLE panel_submission (
  invitation_id uuid NOT NULL REFERENCES invitation (id),
  unit_id       uuid NOT NULL REFERENCES unit (id),
  submitted_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (invitation_id, unit_id)
);

-- A submitted ballot. For anonymous panels invitation_id is null and submitted_on is
-- only a day, so a ballot cannot be joined back to panel_submission by time.
CREATE TABLE panel_ballot (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cycle_id      uuid NOT NULL REFERENCES cycle (id),
  unit_id       uuid NOT NULL REFERENCES unit (id),
  channel       text NOT NULL CHECK (channel IN ('representative', 'special_supervisor')),
  invitation_id uuid REFERENCES invitation (id),
  comment       text CHECK (length(comment) <= 2000),
  submitted_on  date NOT NULL,
  validity      text NOT NULL DEFAULT 'valid' CHECK (validity IN ('valid', 'flagged', 'void')),
  validity_reason text
);
CREATE INDEX panel_ballot_unit_idx ON panel_ballot (cycle_id, unit_id);

CREATE TABLE panel_ballot_score (
  ballot_id     uuid NOT NULL REFERENCES panel_ballot (id),
  indicator_id  uuid NOT NULL REFERENCES indicator (id),
  score         numeric(8, 3) NOT NULL,
  PRIMARY KEY (ballot_id, indicator_id)
);

-- ---------------------------------------------------------------------------------------
-- Institutional channels
-- ---------------------------------------------------------------------------------------

-- Indicator scores from superior agencies, third-party agencies, self-assessment and peer
-- review (by form or XLSX upload). One score per source organisation and indicator.
CREATE TABLE indicator_score (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cycle_id      uuid NOT NULL REFERENCES cycle (id),
  unit_id       uuid NOT NULL REFERENCES unit (id),
  channel       text NOT NULL CHECK (channel IN ('superior', 'third_party', 'self', 'peer')),
  source_organisation_id uuid NOT NULL REFERENCES organisation (id),
  indicator_id  uuid NOT NULL REFERENCES indicator (id),
  score         numeric(8, 3) NOT NULL,
  comment       text CHECK (length(comment) <= 2000),
  created_by    uuid NOT NULL REFERENCES staff_user (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (cycle_id, unit_id, channel, source_organisation_id, indicator_id)
);

-- 信访意见: complaint counts per unit and period.
CREATE TABLE petition_opinion (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cycle_id      uuid NOT NULL REFERENCES cycle (id),
  unit_id       uuid NOT NULL REFERENCES unit (id),
  source_organisation_id uuid NOT NULL REFERENCES organisation (id),
  period_start  date NOT NULL,
  period_end    date NOT NULL,
  complaint_count integer NOT NULL CHECK (complaint_count >= 0),
  verified_complaint_count integer NOT NULL CHECK (verified_complaint_count >= 0),
  note          text CHECK (length(note) <= 2000),
  created_by    uuid NOT NULL REFERENCES staff_user (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (verified_complaint_count <= complaint_count),
  CHECK (period_end >= period_start),
  UNIQUE (cycle_id, unit_id, source_organisation_id, period_start)
);

-- The cycle's rule table for discipline findings: points per finding, cap per type, veto.
CREATE TABLE deduction_rule (
  cycle_id      uuid NOT NULL REFERENCES cycle (id),
  finding_type  text NOT NULL CHECK (finding_type ~ '^[a-z][a-z0-9_]{0,63}$'),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  name_en       text CHECK (length(name_en) <= 200),
  points_per_finding numeric(6, 3) NOT NULL CHECK (points_per_finding >= 0),
  cap           numeric(6, 3) NOT NULL CHECK (cap >= 0),
  -- 一票否决: a finding of this type caps the unit's grade.
  is_veto       boolean NOT NULL DEFAULT false,
  PRIMARY KEY (cycle_id, finding_type)
);

-- 纪检监察意见: one finding, with a short reason. Withdrawn, never deleted.
CREATE TABLE discipline_finding (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cycle_id      uuid NOT NULL,
  unit_id       uuid NOT NULL REFERENCES unit (id),
  finding_type  text NOT NULL,
  source_organisation_id uuid NOT NULL REFERENCES organisation (id),
  reason        text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 1000),
  found_on      date NOT NULL,
  created_by    uuid NOT NULL REFERENCES staff_user (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  withdrawn_at  timestamptz,
  withdrawn_reason text,
  FOREIGN KEY (cycle_id, finding_type) REFERENCES deduction_rule (cycle_id, finding_type),
  CHECK ((withdrawn_at IS NULL) = (withdrawn_reason IS NULL))
);
CREATE INDEX discipline_finding_unit_idx ON discipline_finding (cycle_id, unit_id);

-- ---------------------------------------------------------------------------------------
-- Citizen ratings
-- ---------------------------------------------------------------------------------------

-- One-time per-visit codes (一次一评). Only the token's hash is stored.
CREATE TABLE visit_token (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  service_point_id uuid NOT NULL REFERENCES service_point (id),
  device_id     uuid REFERENCES rating_device (id),
  token_hash    bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
  issued_at     timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  consumed_at   timestamptz,
  CHECK (expires_at > issued_at),
  CHECK (consumed_at IS NULL OR consumed_at >= issued_at)
);

-- 群众测评. Levels: 5 非常满意 (very satisfied) … 1 非常不满意 (very dissatisfied).
-- No IP, device cookie or phone number is stored here; the callback phone lives in
-- callback_contact, encrypted.
CREATE TABLE citizen_rating (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cycle_id      uuid NOT NULL REFERENCES cycle (id),
  -- Denormalised from service_point so per-unit aggregation needs no join.
  unit_id       uuid NOT NULL REFERENCES unit (id),
  service_point_id uuid NOT NULL REFERENCES service_point (id),
  source        text NOT NULL CHECK (source IN ('window_qr', 'visit_qr', 'device')),
  -- Tied to a real service transaction (a consumed visit token or a device).
  verified      boolean NOT NULL DEFAULT false,
  visit_token_id uuid UNIQUE REFERENCES visit_token (id),
  device_id     uuid REFERENCES rating_device (id),
  overall       smallint NOT NULL CHECK (overall BETWEEN 1 AND 5),
  aspect_answers jsonb NOT NULL DEFAULT '{}' CHECK (kaimen_is_level_map(aspect_answers)),
  comment       text CHECK (length(comment) <= 500),
  -- Quarantine keeps suspicious ratings out of scores without ever dropping them.
  quarantine_state text NOT NULL DEFAULT 'none'
                  CHECK (quarantine_state IN ('none', 'quarantined', 'released', 'rejected')),
  quarantine_reason text,
  malicious     boolean NOT NULL DEFAULT false,
  -- Client-generated; makes retries safe across API instances.
  idempotency_key uuid NOT NULL UNIQUE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK ((quarantine_state = 'none') = (quarantine_reason IS NULL)),
  CHECK ((source = 'visit_qr') = (visit_token_id IS NOT NULL)),
  CHECK (NOT verified OR source <> 'window_qr')
);
CREATE INDEX citizen_rating_cycle_unit_idx ON citizen_rating (cycle_id, unit_id);
CREATE INDEX citizen_rating_service_point_idx ON citizen_rating (service_point_id, created_at);
CREATE INDEX citizen_rating_quarantine_idx ON citizen_rating (cycle_id)
  WHERE quarantine_state = 'quarantined';

-- Rate limits and abuse ceilings, counted in the database so every API instance agrees.
CREATE TABLE rate_limit_counter (
  bucket        text NOT NULL,
  window_start  timestamptz NOT NULL,
  hits          integer NOT NULL DEFAULT 0 CHECK (hits >= 0),
  PRIMARY KEY (bucket, window_start)
);

-- A citizen's phone number for a callback, only with explicit consent. AES-GCM
-- ciphertext; erased a configured time after the case closes.
CREATE TABLE callback_contact (
  rating_id     bigint PRIMARY KEY REFERENCES citizen_rating (id),
  phone_encrypted bytea,
  consented_at  timestamptz NOT NULL,
  erased_at     timestamptz,
  CHECK ((phone_encrypted IS NULL) = (erased_at IS NOT NULL))
);

-- 差评整改: a negative rating with a comment becomes a case for its unit.
CREATE TABLE negative_rating_case (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  rating_id     bigint NOT NULL UNIQUE REFERENCES citizen_rating (id),
  unit_id       uuid NOT NULL REFERENCES unit (id),
  opened_at     timestamptz NOT NULL DEFAULT now(),
  due_on        date NOT NULL,
  state         text NOT NULL DEFAULT 'open'
                  CHECK (state IN ('open', 'verifying', 'replied', 'closed')),
  verification  text CHECK (length(verification) <= 2000),
  reply         text CHECK (length(reply) <= 2000),
  callback_at   timestamptz,
  callback_note text CHECK (length(callback_note) <= 2000),
  closed_at     timestamptz,
  CHECK ((state = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX negative_rating_case_unit_idx ON negative_rating_case (unit_id, state, due_on);

-- ---------------------------------------------------------------------------------------
-- Outcomes and what follows from them
-- ---------------------------------------------------------------------------------------

-- One computation of a cycle's results. Immutable once written, except for its
-- publication state; a correction is a new revision with a reason.
CREATE TABLE outcome_revision (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cycle_id      uuid NOT NULL REFERENCES cycle (id),
  revision      integer NOT NULL CHECK (revision >= 1),
  inputs_hash   text NOT NULL CHECK (inputs_hash ~ '^[0-9a-f]{64}$'),
  config        jsonb NOT NULL,
  reason        text,
  state         text NOT NULL DEFAULT 'review' CHECK (state IN ('review', 'published', 'superseded')),
  computed_by   uuid REFERENCES staff_user (id),
  computed_at   timestamptz NOT NULL DEFAULT now(),
  published_at  timestamptz,
  UNIQUE (cycle_id, revision),
  CHECK (revision = 1 OR reason IS NOT NULL),
  CHECK ((state = 'review') = (published_at IS NULL) OR state = 'superseded')
);

-- Only the publication state of a revision may change; its numbers never do.
CREATE FUNCTION kaimen_outcome_revision_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'outcome revisions are never deleted' USING ERRCODE = 'restrict_violation';
  END IF;
  IF (NEW.id, NEW.cycle_id, NEW.revision, NEW.inputs_hash, NEW.config, NEW.reason,
      NEW.computed_by, NEW.computed_at)
     IS DISTINCT FROM
     (OLD.id, OLD.cycle_id, OLD.revision, OLD.inputs_hash, OLD.config, OLD.reason,
      OLD.computed_by, OLD.computed_at) THEN
    RAISE EXCEPTION 'outcome revisions are immutable; compute a new revision'
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER outcome_revision_guard BEFORE UPDATE OR DELETE ON outcome_revision
  FOR EACH ROW EXECUTE FUNCTION kaimen_outcome_revision_guard();

-- A unit's result in one revision: the numbers and the explanation behind them.
CREATE TABLE unit_outcome (
  revision_id   uuid NOT NULL REFERENCES outcome_revision (id),
  unit_id       uuid NOT NULL REFERENCES unit (id),
  composite     numeric(7, 3) CHECK (composite BETWEEN 0 AND 100),
  grade         text CHECK (grade IN ('excellent', 'good', 'fair', 'poor')),
  rank          integer CHECK (rank >= 1),
  rank_low      integer CHECK (rank_low >= 1),
  rank_high     integer CHECK (rank_high >= 1),
  insufficient  boolean NOT NULL DEFAULT false,
  negative_list boolean NOT NULL DEFAULT false,
  breakdown     jsonb NOT NULL,
  flags         jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(flags) = 'array'),
  PRIMARY KEY (revision_id, unit_id),
  CHECK (rank_low IS NULL OR rank_high IS NULL OR rank_low <= rank_high)
);
CREATE TRIGGER unit_outcome_append_only BEFORE UPDATE OR DELETE ON unit_outcome
  FOR EACH ROW EXECUTE FUNCTION kaimen_forbid_change();

-- 整改清单: problems with measures, owner and deadline, closed out by the organiser.
CREATE TABLE rectification_item (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cycle_id      uuid NOT NULL REFERENCES cycle (id),
  unit_id       uuid NOT NULL REFERENCES unit (id),
  source        text NOT NULL
                  CHECK (source IN ('negative_list', 'low_indicator', 'finding', 'manual')),
  revision_id   uuid REFERENCES outcome_revision (id),
  problem       text NOT NULL CHECK (length(problem) BETWEEN 1 AND 2000),
  measures      text CHECK (length(measures) <= 4000),
  owner         text CHECK (length(owner) <= 100),
  due_on        date,
  evidence      text CHECK (length(evidence) <= 4000),
  status        text NOT NULL DEFAULT 'open'
                  CHECK (status IN ('open', 'in_progress', 'submitted', 'closed')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  closed_at     timestamptz,
  closed_by     uuid REFERENCES staff_user (id),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX rectification_item_unit_idx ON rectification_item (cycle_id, unit_id, status);

-- 模范机关 titles, and their periodic re-review (复查) that keeps or delists (摘牌) them.
CREATE TABLE model_title (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id       uuid NOT NULL REFERENCES unit (id),
  awarded_year  integer NOT NULL CHECK (awarded_year BETWEEN 2000 AND 2100),
  delisted_on   date,
  UNIQUE (unit_id, awarded_year)
);

CREATE TABLE re_review (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  model_title_id uuid NOT NULL REFERENCES model_title (id),
  cycle_id      uuid NOT NULL REFERENCES cycle (id),
  decision      text NOT NULL CHECK (decision IN ('keep', 'delist')),
  reason        text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 2000),
  decided_by    uuid NOT NULL REFERENCES staff_user (id),
  decided_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (model_title_id, cycle_id)
);

-- ---------------------------------------------------------------------------------------
-- Assessment agencies and anonymized releases
-- ---------------------------------------------------------------------------------------

-- Shown once, stored hashed, scoped to one organiser and a set of cycles.
CREATE TABLE agency_api_key (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id     uuid NOT NULL REFERENCES organisation (id),
  organiser_id  uuid NOT NULL REFERENCES organisation (id),
  cycle_ids     uuid[] NOT NULL CHECK (cardinality(cycle_ids) >= 1),
  key_hash      bytea NOT NULL UNIQUE CHECK (length(key_hash) = 32),
  key_prefix    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  revoked_at    timestamptz,
  last_used_at  timestamptz,
  CHECK (expires_at > created_at)
);

CREATE TABLE data_use_acceptance (
  agency_id     uuid NOT NULL REFERENCES organisation (id),
  terms_version text NOT NULL,
  accepted_by   uuid NOT NULL REFERENCES staff_user (id),
  accepted_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (agency_id, terms_version)
);

-- 脱敏数据集: a frozen, anonymized snapshot and the report that explains it.
CREATE TABLE dataset_release (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organiser_id  uuid NOT NULL REFERENCES organisation (id),
  cycle_id      uuid NOT NULL REFERENCES cycle (id),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  settings      jsonb NOT NULL CHECK (jsonb_typeof(settings) = 'object'),
  state         text NOT NULL DEFAULT 'building'
                  CHECK (state IN ('building', 'ready', 'failed', 'withdrawn')),
  report        jsonb,
  row_count     bigint CHECK (row_count >= 0),
  created_by    uuid NOT NULL REFERENCES staff_user (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (state <> 'ready' OR (report IS NOT NULL AND row_count IS NOT NULL))
);

CREATE TABLE dataset_release_agency (
  release_id    uuid NOT NULL REFERENCES dataset_release (id),
  agency_id     uuid NOT NULL REFERENCES organisation (id),
  PRIMARY KEY (release_id, agency_id)
);

CREATE TABLE dataset_release_row (
  release_id    uuid NOT NULL REFERENCES dataset_release (id),
  row_no        bigint NOT NULL CHECK (row_no >= 1),
  data          jsonb NOT NULL,
  PRIMARY KEY (release_id, row_no)
);

CREATE TABLE dataset_download (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  release_id    uuid NOT NULL REFERENCES dataset_release (id),
  agency_id     uuid NOT NULL REFERENCES organisation (id),
  staff_user_id uuid REFERENCES staff_user (id),
  api_key_id    uuid REFERENCES agency_api_key (id),
  format        text NOT NULL CHECK (format IN ('csv', 'jsonl', 'xlsx')),
  row_count     bigint NOT NULL CHECK (row_count >= 0),
  sha256        text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  downloaded_at timestamptz NOT NULL DEFAULT now(),
  CHECK (num_nonnulls(staff_user_id, api_key_id) = 1)
);

-- ---------------------------------------------------------------------------------------
-- Audit log: append-only, for every write.
-- ---------------------------------------------------------------------------------------

CREATE TABLE audit_log (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at            timestamptz NOT NULL DEFAULT now(),
  actor_kind    text NOT NULL CHECK (actor_kind IN ('staff', 'evaluator', 'agency_key', 'device', 'system')),
  actor_id      uuid,
  organiser_id  uuid REFERENCES organisation (id),
  action        text NOT NULL CHECK (action ~ '^[a-z_]+\.[a-z_]+$'),
  entity        text NOT NULL,
  entity_id     text,
  before        jsonb,
  after         jsonb,
  request_id    text
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);
CREATE INDEX audit_log_organiser_idx ON audit_log (organiser_id, at);
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION kaimen_forbid_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION kaimen_forbid_change();
