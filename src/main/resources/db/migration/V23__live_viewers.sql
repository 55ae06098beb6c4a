-- First-party live viewers (issue 14, item 5): the live player beats every 30 s while it plays. One row per
-- (episode, player session): the session's first and latest beat. Devices whose latest beat is within the last
-- 60 s are watching now; every node counts from here, so nothing only one node knows.
CREATE TABLE live_viewers (
  episode_id bigint NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
  session_id text NOT NULL CHECK (session_id ~ '^[A-Za-z0-9_-]{8,64}$'),
  first_seen timestamptz NOT NULL DEFAULT now(),
  seen_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (episode_id, session_id)
);
-- Who is watching now: one index range per episode.
CREATE INDEX live_viewers_seen ON live_viewers (episode_id, seen_at);

-- Per episode: unique live viewers (sessions that beat at least once) and the most watching at once.
ALTER TABLE episode_stats
  ADD COLUMN live_viewers bigint NOT NULL DEFAULT 0 CHECK (live_viewers >= 0),
  ADD COLUMN live_peak    bigint NOT NULL DEFAULT 0 CHECK (live_peak >= 0);

-- The overview's rollup sums them per room and month like replay views (the fold writes every column).
ALTER TABLE room_month_stats ADD COLUMN live_viewers bigint NOT NULL DEFAULT 0;
