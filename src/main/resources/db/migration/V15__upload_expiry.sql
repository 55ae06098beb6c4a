-- Resumable uploads expire once untouched for UPLOAD_EXPIRY (UploadSweep): touched_at is their last activity (made,
-- a chunk begun or ended), expired_at marks one the sweep gave up on (its partial file is deleted; a later chunk or
-- status request answers 410 naming it). Uploads open before this migration count as touched now, so none expires
-- on the first start after the upgrade for want of a date.
ALTER TABLE uploads
  ADD COLUMN touched_at timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN expired_at timestamptz;

-- What the sweep looks for: open uploads by last activity.
CREATE INDEX uploads_open_touched ON uploads (touched_at) WHERE recording_id IS NULL AND expired_at IS NULL;
