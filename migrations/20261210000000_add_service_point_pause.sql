-- An organiser can pause citizen rating by QR code at a window under attack (its QR page then
-- shows a polite notice) and resume it. Verified ratings (visit codes, window devices) go on.
ALTER TABLE service_point
  ADD COLUMN rating_paused_at timestamptz,
  ADD COLUMN rating_paused_reason text CHECK (length(rating_paused_reason) BETWEEN 2 AND 1000),
  ADD CONSTRAINT service_point_pause_has_reason
    CHECK ((rating_paused_at IS NULL) = (rating_paused_reason IS NULL));
