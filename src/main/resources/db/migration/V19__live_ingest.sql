-- Live ingest: a room's stream key, and the live session of an episode that went live through Lianxin's RTMP ingest.

-- A room's ingest settings. The key itself is never stored: it is an HMAC of the nonce under the node's secret
-- (SECRET_KEY), so a reader of the database can neither publish nor show it; key_hash finds the room on publish.
CREATE TABLE room_ingest (
  room_id     bigint PRIMARY KEY REFERENCES rooms (id) ON DELETE CASCADE,
  nonce       bytea NOT NULL CHECK (length(nonce) = 16),
  key_hash    bytea NOT NULL UNIQUE CHECK (length(key_hash) = 32),
  -- A publish outside every episode's window: 'episode' makes an unscheduled episode (临时直播), 'refuse' refuses it.
  unscheduled text NOT NULL DEFAULT 'episode' CHECK (unscheduled IN ('episode', 'refuse')),
  rotated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER room_ingest_audit AFTER INSERT OR UPDATE OR DELETE ON room_ingest FOR EACH ROW EXECUTE FUNCTION audit_row();

-- One per episode that went live through ingest. While the publisher is connected, node and client say where
-- (and that node beats seen_at every second); when it leaves, left_at starts the grace, and any node ends the
-- episode once it has passed. A node that stops beating counts as the publisher having left at seen_at.
CREATE TABLE live_sessions (
  episode_id      bigint PRIMARY KEY REFERENCES episodes (id) ON DELETE CASCADE,
  room_id         bigint NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  -- The episode was made for this publish (临时直播): its planned end shrinks to its real end.
  unscheduled     boolean NOT NULL,
  node            text CHECK (length(node) <= 200),
  client          text CHECK (length(client) <= 100),
  publishes       integer NOT NULL DEFAULT 1 CHECK (publishes >= 1),
  started_at      timestamptz NOT NULL DEFAULT now(),
  seen_at         timestamptz NOT NULL DEFAULT now(),
  left_at         timestamptz,
  ended_at        timestamptz,
  -- The recording is being made from the segments by one node until then (a lease: a node that dies lets go).
  finishing_until timestamptz,
  finished_at     timestamptz,
  CONSTRAINT live_sessions_publisher CHECK ((node IS NULL) = (client IS NULL))
);
CREATE UNIQUE INDEX live_sessions_one_per_room ON live_sessions (room_id) WHERE ended_at IS NULL;
CREATE INDEX live_sessions_unfinished ON live_sessions (ended_at) WHERE finished_at IS NULL;
