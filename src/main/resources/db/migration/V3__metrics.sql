-- Engagement: follower snapshots, per-platform episode numbers, and first-party replay analytics.
-- Bounds live here so every node and every import path is held to them; the API checks the same bounds
-- first only to name the field at fault. (V2 is the accounts migration, developed in parallel.)

CREATE TABLE follower_snapshots (
  room_id  bigint NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  platform text NOT NULL CHECK (platform IN ('douyin', 'wechat-channels', 'kuaishou', 'bilibili', 'self-hosted')),
  at       timestamptz NOT NULL,
  count    bigint NOT NULL CONSTRAINT follower_snapshots_count_range CHECK (count BETWEEN 0 AND 2000000000),
  -- One reading per account and moment: sending the same snapshot again replaces it. The key's order serves
  -- "the last reading before t" per account as one probe, and with the count included, an index-only one.
  PRIMARY KEY (room_id, platform, at) INCLUDE (count)
);

-- What a platform reports for one episode. NULL is "not reported", which is not zero.
CREATE TABLE episode_metrics (
  episode_id        bigint NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
  -- Copied from the episode so the audit and change triggers scope the row like every other room row.
  room_id           bigint NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  platform          text NOT NULL CHECK (platform IN ('douyin', 'wechat-channels', 'kuaishou', 'bilibili', 'self-hosted')),
  peak_viewers      bigint CONSTRAINT episode_metrics_peak_viewers_range CHECK (peak_viewers BETWEEN 0 AND 100000000),
  views             bigint CONSTRAINT episode_metrics_views_range CHECK (views BETWEEN 0 AND 1000000000),
  unique_viewers    bigint CONSTRAINT episode_metrics_unique_viewers_range CHECK (unique_viewers BETWEEN 0 AND 1000000000),
  likes             bigint CONSTRAINT episode_metrics_likes_range CHECK (likes BETWEEN 0 AND 10000000000),
  comments          bigint CONSTRAINT episode_metrics_comments_range CHECK (comments BETWEEN 0 AND 100000000),
  shares            bigint CONSTRAINT episode_metrics_shares_range CHECK (shares BETWEEN 0 AND 100000000),
  new_followers     bigint CONSTRAINT episode_metrics_new_followers_range CHECK (new_followers BETWEEN 0 AND 100000000),
  -- An episode lasts at most 12 hours, so nobody watched it longer than that on average.
  avg_watch_seconds integer CONSTRAINT episode_metrics_avg_watch_seconds_range CHECK (avg_watch_seconds BETWEEN 0 AND 43200),
  source            text NOT NULL CHECK (source IN ('api', 'csv')),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  -- Viewers (观看人数) are people; views (观看人次) count each of their visits.
  CONSTRAINT episode_metrics_unique_viewers_le_views CHECK (unique_viewers <= views),
  -- Imports and API writes upsert on this key: the same file twice leaves the same rows.
  PRIMARY KEY (episode_id, platform)
);

-- Replays: each node adds beacons up in memory and writes the sums every quarter second; no beacon is stored.
-- One row per (episode, player session, local day): decides "counted once per session, episode and day".
-- Rows of past days are no longer needed (their counts are in episode_stats) and are pruned.
CREATE TABLE replay_sessions (
  episode_id      bigint NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
  session_id      text NOT NULL CHECK (length(session_id) BETWEEN 8 AND 64),
  day             date NOT NULL,
  watched_seconds integer NOT NULL CHECK (watched_seconds BETWEEN 0 AND 86400),
  max_position    integer NOT NULL CHECK (max_position BETWEEN 0 AND 43200),
  reached_end     boolean NOT NULL, -- a beacon came from the last 10% of the episode
  counted         boolean NOT NULL, -- a view: 30 s watched
  completed       boolean NOT NULL, -- a view that reached the end
  -- What the last write turned on (1: became a view, 2: became a completion), read back by RETURNING.
  newly           smallint NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (episode_id, session_id, day)
);
CREATE INDEX replay_sessions_day ON replay_sessions (day);

-- One row per episode with everything the overview adds up: a copy of the episode's schedule fields, the sums
-- over its platforms' metrics and its replay totals. Kept by the triggers below (and by each beacon), so it is
-- never stale; the overview scans this narrow table instead of joining episodes, metrics and replays.
CREATE TABLE episode_stats (
  episode_id     bigint PRIMARY KEY REFERENCES episodes (id) ON DELETE CASCADE,
  room_id        bigint NOT NULL,
  column_id      bigint,
  starts_at      timestamptz NOT NULL,
  ends_at        timestamptz NOT NULL,
  -- The start on the room's wall clock: periods and months are the room's local days without a zone
  -- conversion per row (which cost more than the rest of the overview together).
  local_start    timestamp NOT NULL,
  status         text NOT NULL,
  seconds        double precision NOT NULL, -- how long it aired (or is planned to)
  measured       boolean NOT NULL DEFAULT false,
  views          bigint,
  likes          bigint,
  comments       bigint,
  shares         bigint,
  new_followers  bigint,
  peak_viewers   bigint,
  -- likes + comments + shares and views, over the platforms that reported views: the engagement rate's parts.
  engaged        bigint,
  engaged_views  bigint,
  replay_views   bigint NOT NULL DEFAULT 0 CHECK (replay_views >= 0),
  replay_seconds bigint NOT NULL DEFAULT 0 CHECK (replay_seconds >= 0),
  completions    bigint NOT NULL DEFAULT 0 CHECK (completions >= 0)
);
CREATE INDEX episode_stats_room_start ON episode_stats (room_id, local_start);
-- The overview's top episodes: read from the most viewed down until ten fall in the period and scope.
CREATE INDEX episode_stats_views ON episode_stats (views DESC, episode_id) WHERE views IS NOT NULL;

CREATE FUNCTION episode_stats_schedule() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO episode_stats (episode_id, room_id, column_id, starts_at, ends_at, local_start, status, seconds)
  SELECT NEW.id, NEW.room_id, NEW.column_id, NEW.starts_at, NEW.ends_at, NEW.starts_at AT TIME ZONE r.timezone, NEW.status,
    extract(epoch FROM coalesce(NEW.actual_end, NEW.ends_at) - coalesce(NEW.actual_start, NEW.starts_at))
  FROM rooms r WHERE r.id = NEW.room_id
  ON CONFLICT (episode_id) DO UPDATE SET room_id = EXCLUDED.room_id, column_id = EXCLUDED.column_id,
    starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at, local_start = EXCLUDED.local_start,
    status = EXCLUDED.status, seconds = EXCLUDED.seconds;
  RETURN NULL;
END $$;
-- Renumbering touches number and revision only, so it does not fire this.
CREATE TRIGGER episodes_stats AFTER INSERT OR UPDATE OF room_id, column_id, starts_at, ends_at, status, actual_start, actual_end
  ON episodes FOR EACH ROW EXECUTE FUNCTION episode_stats_schedule();

CREATE FUNCTION episode_stats_metrics() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  episode bigint;
BEGIN
  episode := CASE WHEN TG_OP = 'DELETE' THEN OLD.episode_id ELSE NEW.episode_id END;
  UPDATE episode_stats s SET measured = m.n > 0, views = m.views, likes = m.likes, comments = m.comments,
    shares = m.shares, new_followers = m.new_followers, peak_viewers = m.peak_viewers, engaged = m.engaged,
    engaged_views = m.engaged_views
  FROM (SELECT count(*) AS n, sum(views) AS views, sum(likes) AS likes, sum(comments) AS comments,
          sum(shares) AS shares, sum(new_followers) AS new_followers, max(peak_viewers) AS peak_viewers,
          sum(coalesce(likes, 0) + coalesce(comments, 0) + coalesce(shares, 0)) FILTER (WHERE views > 0) AS engaged,
          sum(views) FILTER (WHERE views > 0) AS engaged_views
        FROM episode_metrics WHERE episode_id = episode) m
  WHERE s.episode_id = episode;
  RETURN NULL;
END $$;
CREATE TRIGGER episode_metrics_stats AFTER INSERT OR UPDATE OR DELETE ON episode_metrics
  FOR EACH ROW EXECUTE FUNCTION episode_stats_metrics();

-- A room that moves to another zone moves its episodes' wall-clock starts with it.
CREATE FUNCTION episode_stats_zone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE episode_stats SET local_start = starts_at AT TIME ZONE NEW.timezone WHERE room_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER rooms_stats_zone AFTER UPDATE OF timezone ON rooms
  FOR EACH ROW WHEN (OLD.timezone IS DISTINCT FROM NEW.timezone) EXECUTE FUNCTION episode_stats_zone();

-- Episodes scheduled before this migration.
INSERT INTO episode_stats (episode_id, room_id, column_id, starts_at, ends_at, local_start, status, seconds)
SELECT e.id, e.room_id, e.column_id, e.starts_at, e.ends_at, e.starts_at AT TIME ZONE r.timezone, e.status,
  extract(epoch FROM coalesce(e.actual_end, e.ends_at) - coalesce(e.actual_start, e.starts_at))
FROM episodes e JOIN rooms r ON r.id = e.room_id;

-- The retention curve: seconds watched of each minute of the recording. At most 720 rows per episode.
CREATE TABLE replay_retention (
  episode_id    bigint NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
  minute        smallint NOT NULL CHECK (minute BETWEEN 0 AND 719),
  watch_seconds bigint NOT NULL CHECK (watch_seconds >= 0),
  PRIMARY KEY (episode_id, minute)
);

-- Cached room pages (followers) and overviews depend on these; every node hears of a committed change.
-- Both carry room_id, so V1's notify_change() serves them as is.
CREATE TRIGGER follower_snapshots_notify AFTER INSERT OR UPDATE OR DELETE ON follower_snapshots
  FOR EACH ROW EXECUTE FUNCTION notify_change();

CREATE TRIGGER episode_metrics_notify AFTER INSERT OR UPDATE OR DELETE ON episode_metrics
  FOR EACH ROW EXECUTE FUNCTION notify_change();

-- Who entered or imported which numbers, like every other change (V2's audit log).
CREATE TRIGGER follower_snapshots_audit AFTER INSERT OR UPDATE OR DELETE ON follower_snapshots
  FOR EACH ROW EXECUTE FUNCTION audit_row();
CREATE TRIGGER episode_metrics_audit AFTER INSERT OR UPDATE OR DELETE ON episode_metrics
  FOR EACH ROW EXECUTE FUNCTION audit_row();

-- The replay tables deliberately send no notices: a beacon every few seconds per viewer would empty every
-- node's cached overviews many times a second. Replay figures in a cached overview lag by at most its TTL.
