-- Relays: where a room's live stream is pushed on to (抖音, 视频号, 快手, B站 or any RTMP server), and how each push of
-- a live episode is going. The push URL holds the platform's stream key: it is stored sealed (AES-256-GCM with the
-- node's SECRET_KEY, bound to the room), and only its masked form is kept in the clear, for pages.
CREATE TABLE relay_targets (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  room_id     bigint NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  platform    text NOT NULL CHECK (platform IN ('douyin', 'wechat-channels', 'kuaishou', 'bilibili', 'custom')),
  push_masked text NOT NULL CHECK (length(push_masked) BETWEEN 8 AND 1100),
  push_sealed text NOT NULL CHECK (length(push_sealed) BETWEEN 16 AND 4000),
  enabled     boolean NOT NULL DEFAULT true,
  position    smallint NOT NULL CHECK (position BETWEEN 0 AND 9),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT relay_targets_room_position UNIQUE (room_id, position) DEFERRABLE INITIALLY DEFERRED
);
CREATE TRIGGER relay_targets_audit AFTER INSERT OR UPDATE OR DELETE ON relay_targets FOR EACH ROW EXECUTE FUNCTION audit_row();

-- One row per live episode and target, written by the node running that push (several nodes may run ingests).
-- A row its node has not touched for a while is read as off (the node died): see RelaySql.OF_EPISODE.
CREATE TABLE relay_states (
  episode_id   bigint NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
  target_id    bigint NOT NULL REFERENCES relay_targets (id) ON DELETE CASCADE,
  node         text NOT NULL CHECK (length(node) <= 200),
  state        text NOT NULL CHECK (state IN ('connecting', 'connected', 'retrying', 'off')),
  -- The last failure, kept while retrying and after it reconnects (Chinese, and English for English readers).
  error        text CHECK (length(error) <= 1000),
  error_en     text CHECK (length(error_en) <= 1000),
  attempts     integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  bitrate_kbps integer CHECK (bitrate_kbps >= 0),
  bytes        bigint NOT NULL DEFAULT 0 CHECK (bytes >= 0),
  since        timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (episode_id, target_id),
  CONSTRAINT relay_states_retrying_has_reason CHECK (state <> 'retrying' OR error IS NOT NULL)
);
CREATE INDEX relay_states_target ON relay_states (target_id);
