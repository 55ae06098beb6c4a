-- Capture: a room's live source recorded around each of its episodes, in segments, by exactly one node.

-- Where the room's stream can be read while it is live (rtmp, http-flv, hls, srt, or a file path on the server).
ALTER TABLE rooms ADD COLUMN capture_url text CHECK (length(capture_url) BETWEEN 1 AND 2000);

-- One capture per episode, ever: the unique episode is what keeps two nodes from recording it twice.
CREATE TABLE captures (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  episode_id   bigint NOT NULL UNIQUE REFERENCES episodes (id) ON DELETE CASCADE,
  room_id      bigint NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  source_url   text NOT NULL,
  status       text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'recording', 'done', 'failed')),
  -- The window: the episode's start minus the lead, to its end plus the grace (or until the host ends it).
  opens_at     timestamptz NOT NULL,
  closes_at    timestamptz NOT NULL,
  -- Fixed when planned: the window follows the episode if it is moved while being recorded.
  grace        interval NOT NULL,
  node         text,
  segments     integer NOT NULL DEFAULT 0 CHECK (segments >= 0),
  recording_id bigint REFERENCES recordings (id) ON DELETE SET NULL,
  error        text,
  started_at   timestamptz,
  ended_at     timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT captures_failed_has_reason CHECK (status <> 'failed' OR error IS NOT NULL)
);
CREATE INDEX captures_room ON captures (room_id);

-- Each FFmpeg run of a capture (a new one after every drop or takeover), writing into its own folder.
CREATE TABLE capture_runs (
  capture_id   bigint NOT NULL REFERENCES captures (id) ON DELETE CASCADE,
  run          integer NOT NULL CHECK (run >= 1),
  node         text NOT NULL,
  -- When its first bytes arrived and when they last grew (null: it never got anything from the source).
  first_output timestamptz,
  last_output  timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (capture_id, run)
);

-- Stretches with nothing from the source: from its last bytes to the first bytes after reconnecting.
CREATE TABLE capture_gaps (
  capture_id bigint NOT NULL REFERENCES captures (id) ON DELETE CASCADE,
  started_at timestamptz NOT NULL,
  ended_at   timestamptz,
  CONSTRAINT capture_gaps_order CHECK (ended_at IS NULL OR ended_at >= started_at),
  PRIMARY KEY (capture_id, started_at)
);

-- The capture jobs' own db-scheduler table: long-running captures never take the transcode threads, and a node
-- that stops heart-beating has its capture taken over by another.
CREATE TABLE capture_tasks (
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
CREATE INDEX capture_tasks_execution_time ON capture_tasks (execution_time);
CREATE INDEX capture_tasks_last_heartbeat ON capture_tasks (last_heartbeat);
CREATE INDEX capture_tasks_priority_execution_time ON capture_tasks (priority DESC, execution_time ASC);

-- Resumable uploads: the file grows on disk chunk by chunk; the row says for which episode, by whom, how large.
CREATE TABLE uploads (
  id           uuid PRIMARY KEY,
  episode_id   bigint NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
  room_id      bigint NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  size         bigint NOT NULL CHECK (size > 0),
  name         text CHECK (length(name) <= 200),
  recording_id bigint REFERENCES recordings (id) ON DELETE SET NULL,
  -- A chunk being written holds the upload until then: two PUTs never append at once, and a dropped one lets go.
  busy_until   timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER uploads_audit AFTER INSERT OR DELETE ON uploads FOR EACH ROW EXECUTE FUNCTION audit_row();
