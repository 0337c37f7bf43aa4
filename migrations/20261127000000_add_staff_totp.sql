-- Optional TOTP second factor for staff: a secret being set up (confirmed by a first code before
-- it takes effect), and the last time step accepted, so a code cannot be replayed.
-- Sign-in attempts are also looked up per client (keyed hash of the address) to throttle a client
-- that tries many accounts.
ALTER TABLE staff_user ADD COLUMN totp_pending_encrypted bytea;
ALTER TABLE staff_user ADD COLUMN totp_last_step bigint;
CREATE INDEX sign_in_attempt_client_idx ON sign_in_attempt (client_hash, attempted_at);
