-- What the overview reads instead of every episode and one index probe per account and edge (issue 5).
--
-- 1. room_month_stats: per room and month (the room's wall clock), the sums of its live and ended episodes.
--    Writers never touch it: a change to episode_stats only appends (room, month) to room_month_dirty, an
--    insert-only list with no unique key, so beacon flushes, imports and schedule writes never wait for each
--    other on a shared rollup row (no lock order to get wrong, no deadlock). One node at a time (advisory lock)
--    folds the list into the rollup every second; until then the overview reads a dirty room-month from
--    episode_stats, in the same snapshot, so its figures are exactly the episodes' at any moment.
-- 2. follower_latest and follower_months: each account's latest reading, and its first and last reading of
--    each month, kept by the (single-row) follower writes; the overview scans these instead of probing.

CREATE TABLE room_month_stats (
  room_id        bigint NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  month          date NOT NULL,
  episodes       bigint NOT NULL,
  measured       bigint NOT NULL,
  with_views     bigint NOT NULL,
  seconds        double precision NOT NULL,
  views          bigint,
  likes          bigint,
  comments       bigint,
  shares         bigint,
  new_followers  bigint,
  peak_viewers   bigint,
  engaged        bigint,
  engaged_views  bigint,
  replay_views   bigint NOT NULL,
  replay_seconds bigint NOT NULL,
  completions    bigint NOT NULL,
  PRIMARY KEY (room_id, month)
);
-- The whole city's months: read by month, not room by room.
CREATE INDEX room_month_stats_month ON room_month_stats (month);

CREATE TABLE room_month_dirty (
  room_id bigint NOT NULL,
  month   date NOT NULL
);
CREATE INDEX room_month_dirty_key ON room_month_dirty (room_id, month);

-- Scheduled episodes whose end has passed count as aired without any write (the clock moves them), so the
-- rollup holds only live and ended ones and the overview adds these from here.
CREATE INDEX episode_stats_scheduled ON episode_stats (local_start) WHERE status = 'scheduled';

-- A statement's changed rows mark their room-months, each once per statement. No check against marks already
-- there: a per-row probe of a table the fold empties every second met dead rows the planner did not expect (a
-- seq scan per metric row made a 93,000-row import take hours); duplicates cost the fold a DISTINCT instead.
CREATE FUNCTION room_month_mark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO room_month_dirty (room_id, month)
    SELECT DISTINCT o.room_id, date_trunc('month', o.local_start)::date FROM old_rows o WHERE o.status IN ('live', 'ended');
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    INSERT INTO room_month_dirty (room_id, month)
    SELECT DISTINCT n.room_id, date_trunc('month', n.local_start)::date FROM new_rows n WHERE n.status IN ('live', 'ended');
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER episode_stats_mark_insert AFTER INSERT ON episode_stats
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION room_month_mark();
CREATE TRIGGER episode_stats_mark_update AFTER UPDATE ON episode_stats
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION room_month_mark();
CREATE TRIGGER episode_stats_mark_delete AFTER DELETE ON episode_stats
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION room_month_mark();

-- Episodes aired before this migration.
INSERT INTO room_month_stats
SELECT room_id, date_trunc('month', local_start)::date, count(*), count(*) FILTER (WHERE measured), count(views),
  sum(seconds), sum(views), sum(likes), sum(comments), sum(shares), sum(new_followers), max(peak_viewers),
  sum(engaged), sum(engaged_views), sum(replay_views), sum(replay_seconds), sum(completions)
FROM episode_stats WHERE status IN ('live', 'ended') GROUP BY 1, 2;

CREATE TABLE follower_latest (
  room_id  bigint NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  platform text NOT NULL,
  count    bigint NOT NULL,
  at       timestamptz NOT NULL,
  PRIMARY KEY (room_id, platform)
);

CREATE TABLE follower_months (
  room_id     bigint NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  platform    text NOT NULL,
  month       date NOT NULL, -- on the room's wall clock
  first_count bigint NOT NULL,
  last_count  bigint NOT NULL,
  last_at     timestamptz NOT NULL,
  PRIMARY KEY (room_id, platform, month)
);

-- Recomputes one account's month (the one holding p_at) and its latest reading from the readings themselves.
-- The account's advisory lock makes two writers of the same account take turns, so the second one computes
-- from a snapshot that holds the first one's reading.
CREATE FUNCTION follower_refresh(p_room bigint, p_platform text, p_at timestamptz) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  zone text;
  m date;
BEGIN
  SELECT timezone INTO zone FROM rooms WHERE id = p_room;
  IF zone IS NULL THEN
    RETURN; -- the room is being deleted; its rows go with it
  END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended('followers/' || p_room || '/' || p_platform, 0));
  m := date_trunc('month', p_at AT TIME ZONE zone)::date;
  INSERT INTO follower_months AS f (room_id, platform, month, first_count, last_count, last_at)
  SELECT p_room, p_platform, m, (array_agg(s.count ORDER BY s.at))[1], (array_agg(s.count ORDER BY s.at DESC))[1], max(s.at)
  FROM follower_snapshots s WHERE s.room_id = p_room AND s.platform = p_platform
    AND s.at >= (m::timestamp AT TIME ZONE zone) AND s.at < ((m + interval '1 month') AT TIME ZONE zone)
  HAVING count(*) > 0
  ON CONFLICT (room_id, platform, month) DO UPDATE SET first_count = EXCLUDED.first_count,
    last_count = EXCLUDED.last_count, last_at = EXCLUDED.last_at;
  IF NOT FOUND THEN
    DELETE FROM follower_months WHERE room_id = p_room AND platform = p_platform AND month = m;
  END IF;
  INSERT INTO follower_latest AS f (room_id, platform, count, at)
  SELECT s.room_id, s.platform, s.count, s.at FROM follower_snapshots s
  WHERE s.room_id = p_room AND s.platform = p_platform ORDER BY s.at DESC LIMIT 1
  ON CONFLICT (room_id, platform) DO UPDATE SET count = EXCLUDED.count, at = EXCLUDED.at;
  IF NOT FOUND THEN
    DELETE FROM follower_latest WHERE room_id = p_room AND platform = p_platform;
  END IF;
END $$;

CREATE FUNCTION follower_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM follower_refresh(OLD.room_id, OLD.platform, OLD.at);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    PERFORM follower_refresh(NEW.room_id, NEW.platform, NEW.at);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER follower_snapshots_rollup AFTER INSERT OR UPDATE OR DELETE ON follower_snapshots
  FOR EACH ROW EXECUTE FUNCTION follower_rollup();

-- All readings of a room, month by month on its clock (at migration, and when the room changes zone).
CREATE FUNCTION follower_months_of(p_room bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM follower_months WHERE room_id = p_room;
  INSERT INTO follower_months (room_id, platform, month, first_count, last_count, last_at)
  SELECT s.room_id, s.platform, date_trunc('month', s.at AT TIME ZONE r.timezone)::date,
    (array_agg(s.count ORDER BY s.at))[1], (array_agg(s.count ORDER BY s.at DESC))[1], max(s.at)
  FROM follower_snapshots s JOIN rooms r ON r.id = s.room_id WHERE s.room_id = p_room GROUP BY 1, 2, 3;
END $$;

CREATE FUNCTION follower_zone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM follower_months_of(NEW.id);
  RETURN NULL;
END $$;
CREATE TRIGGER rooms_follower_zone AFTER UPDATE OF timezone ON rooms
  FOR EACH ROW WHEN (OLD.timezone IS DISTINCT FROM NEW.timezone) EXECUTE FUNCTION follower_zone();

INSERT INTO follower_latest (room_id, platform, count, at)
SELECT DISTINCT ON (room_id, platform) room_id, platform, count, at FROM follower_snapshots
ORDER BY room_id, platform, at DESC;
SELECT follower_months_of(id) FROM rooms;
