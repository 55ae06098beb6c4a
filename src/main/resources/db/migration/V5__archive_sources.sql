-- Recordings pulled from a URL or imported from the back catalogue: the job fetches (or finds) the original and
-- computes its SHA-256 and size, so both are unknown when the row is made. Uploads still arrive with both.
ALTER TABLE recordings ALTER COLUMN sha256 DROP NOT NULL, ALTER COLUMN bytes DROP NOT NULL;
ALTER TABLE recordings ADD COLUMN source_url text CHECK (length(source_url) <= 2000);
ALTER TABLE recordings ADD CONSTRAINT recordings_upload_has_hash
  CHECK (source <> 'upload' OR (sha256 IS NOT NULL AND bytes IS NOT NULL));
ALTER TABLE recordings ADD CONSTRAINT recordings_url_has_url CHECK (source <> 'url' OR source_url IS NOT NULL);
ALTER TABLE recordings ADD CONSTRAINT recordings_archived_has_hash CHECK (status <> 'archived' OR sha256 IS NOT NULL);
-- A new first stage: pull (fetching the original from its URL).
ALTER TABLE recordings DROP CONSTRAINT recordings_stage_check;
ALTER TABLE recordings ADD CONSTRAINT recordings_stage_check CHECK (stage IN ('pull', 'probe', 'validate', 'package',
  'poster', 'storyboard', 'chapters', 'loudness', 'audio', 'archived'));
