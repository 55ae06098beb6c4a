-- A failed recording's or capture's reason is kept in both languages the product speaks, each reader shown theirs
-- (error: Chinese, error_en: English). Reasons stored before held both in one text, Chinese first: split once.
ALTER TABLE recordings ADD COLUMN error_en text;
ALTER TABLE captures ADD COLUMN error_en text;

UPDATE recordings
SET error = (regexp_match(error, '^(.*?[。）])\s*([A-Za-z].*)$'))[1],
    error_en = (regexp_match(error, '^(.*?[。）])\s*([A-Za-z].*)$'))[2]
WHERE error ~ '^(.*?[。）])\s*([A-Za-z].*)$';

UPDATE captures
SET error = (regexp_match(error, '^(.*?[。）])\s*([A-Za-z].*)$'))[1],
    error_en = (regexp_match(error, '^(.*?[。）])\s*([A-Za-z].*)$'))[2]
WHERE error ~ '^(.*?[。）])\s*([A-Za-z].*)$';

-- The progress notice carries both, each event stream picks its reader's.
CREATE OR REPLACE FUNCTION notify_recording() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r recordings := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
BEGIN
  PERFORM pg_notify('lianxin_recordings', json_build_object(
    'id', r.id, 'status', CASE WHEN TG_OP = 'DELETE' THEN 'deleted' ELSE r.status END, 'stage', r.stage,
    'percent', r.percent, 'etaSeconds', r.eta_seconds, 'error', r.error, 'errorEn', r.error_en)::text);
  RETURN NULL;
END $$;
