-- The archive: recordings of episodes, processed by durable jobs into HLS, poster, storyboard, chapters, audio.
-- (V3 is reserved for the metrics work.)

CREATE TABLE recordings (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  episode_id       bigint NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
  -- Copied from the episode so the audit and change triggers can scope the row like every other room row.
  room_id          bigint NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  source           text NOT NULL CHECK (source IN ('upload', 'url', 'capture', 'import')),
  source_name      text CHECK (length(source_name) <= 500),
  status           text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'processing', 'archived', 'failed')),
  stage            text CHECK (stage IN ('probe', 'validate', 'package', 'poster', 'storyboard', 'chapters',
                                         'loudness', 'audio', 'archived')),
  percent          real NOT NULL DEFAULT 0 CHECK (percent BETWEEN 0 AND 100),
  eta_seconds      integer CHECK (eta_seconds >= 0),
  error            text,
  attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  -- The original as received: kept whatever happens to processing, removed only with the recording.
  original_key     text NOT NULL,
  sha256           text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  bytes            bigint NOT NULL CHECK (bytes > 0),
  -- What ffprobe found.
  kind             text CHECK (kind IN ('video', 'audio')),
  duration_seconds double precision CHECK (duration_seconds >= 0),
  width            integer CHECK (width > 0),
  height           integer CHECK (height > 0),
  video_codec      text,
  audio_codec      text,
  bitrate          bigint CHECK (bitrate >= 0),
  loudness_lufs    double precision,
  -- Media keys under MEDIA_DIR (served at /media/<key>).
  master_key       text,
  audio_key        text,
  poster_key       text,
  storyboard_key   text,
  chapters_key     text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  started_at       timestamptz,
  finished_at      timestamptz,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT recordings_failed_has_reason CHECK (status <> 'failed' OR error IS NOT NULL),
  CONSTRAINT recordings_archived_is_complete CHECK (status <> 'archived'
    OR (master_key IS NOT NULL AND audio_key IS NOT NULL AND chapters_key IS NOT NULL AND duration_seconds IS NOT NULL
        AND (kind = 'audio' OR (poster_key IS NOT NULL AND storyboard_key IS NOT NULL)))),
  CONSTRAINT recordings_keys_are_relative CHECK (original_key !~ '(^/|\.\.)')
);
CREATE INDEX recordings_episode ON recordings (episode_id, id);

-- Only a status change is worth an audit line; progress ticks are not changes anyone made.
CREATE TRIGGER recordings_audit AFTER INSERT OR DELETE ON recordings FOR EACH ROW EXECUTE FUNCTION audit_row();
CREATE TRIGGER recordings_audit_status AFTER UPDATE ON recordings FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION audit_row();
-- Episode pages carry the archive's media: a status change drops the room's cached pages on every node.
CREATE TRIGGER recordings_notify AFTER INSERT OR DELETE ON recordings FOR EACH ROW EXECUTE FUNCTION notify_change();
CREATE TRIGGER recordings_notify_status AFTER UPDATE ON recordings FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION notify_change();

-- Progress for the live event streams, whichever node runs the job: one channel, the recording in the payload.
CREATE FUNCTION notify_recording() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r recordings := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
BEGIN
  PERFORM pg_notify('lianxin_recordings', json_build_object(
    'id', r.id, 'status', CASE WHEN TG_OP = 'DELETE' THEN 'deleted' ELSE r.status END, 'stage', r.stage,
    'percent', r.percent, 'etaSeconds', r.eta_seconds, 'error', r.error)::text);
  RETURN NULL;
END $$;
CREATE TRIGGER recordings_progress AFTER INSERT OR UPDATE OR DELETE ON recordings
  FOR EACH ROW EXECUTE FUNCTION notify_recording();

-- db-scheduler's table (its PostgreSQL schema): one durable job per recording, task_instance = recording id.
CREATE TABLE scheduled_tasks (
  task_name            text NOT NULL,
  task_instance        text NOT NULL,
  task_data            bytea,
  execution_time       timestamptz NOT NULL,
  picked               boolean NOT NULL,
  picked_by            text,
  last_success         timestamptz,
  last_failure         timestamptz,
  consecutive_failures integer,
  last_heartbeat       timestamptz,
  version              bigint NOT NULL,
  priority             smallint,
  PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
