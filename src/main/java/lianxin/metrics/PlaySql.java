package lianxin.metrics;

/** Replay beacons, folded into per-session-day rows, per-episode totals and per-minute retention. */
final class PlaySql {

  private PlaySql() {
  }

  /**
   * One beacon ($1 episode, $2 session, $3 seconds watched since the previous beacon, $4 playhead in seconds),
   * in one statement. A session-day becomes a view when its watched seconds reach 30, and a completion when it
   * is a view that reached 90% of the episode; {@code newly} says which of these this very beacon caused, so
   * the episode's totals (episode_stats) count each once. The retention curve gets the seconds of [playhead - watched, playhead)
   * that fall in each minute. Nothing is written for an episode that is unknown, cancelled or not yet begun.
   */
  static final String RECORD = """
    WITH ep AS (
      SELECT e.id, (now() AT TIME ZONE r.timezone)::date AS day,
        greatest(extract(epoch FROM coalesce(e.actual_end, e.ends_at) - coalesce(e.actual_start, e.starts_at)), 60) AS length
      FROM episodes e JOIN rooms r ON r.id = e.room_id
      WHERE e.id = $1 AND e.status <> 'cancelled' AND e.starts_at <= now()
    ), s AS (
      INSERT INTO replay_sessions AS x (episode_id, session_id, day, watched_seconds, max_position, counted, completed, newly)
      SELECT ep.id, $2, ep.day, $3::int, $4::int, $3::int >= 30, $3::int >= 30 AND $4::int >= 0.9 * ep.length,
        ($3::int >= 30)::int + 2 * ($3::int >= 30 AND $4::int >= 0.9 * ep.length)::int
      FROM ep
      ON CONFLICT (episode_id, session_id, day) DO UPDATE SET
        watched_seconds = least(x.watched_seconds + EXCLUDED.watched_seconds, 86400),
        max_position = greatest(x.max_position, EXCLUDED.max_position),
        counted = x.counted OR x.watched_seconds + EXCLUDED.watched_seconds >= 30,
        completed = x.completed OR (x.watched_seconds + EXCLUDED.watched_seconds >= 30
          AND greatest(x.max_position, EXCLUDED.max_position) >= 0.9 * (SELECT length FROM ep)),
        newly = (NOT x.counted AND x.watched_seconds + EXCLUDED.watched_seconds >= 30)::int
          + 2 * (NOT x.completed AND x.watched_seconds + EXCLUDED.watched_seconds >= 30
                 AND greatest(x.max_position, EXCLUDED.max_position) >= 0.9 * (SELECT length FROM ep))::int,
        updated_at = now()
      RETURNING x.episode_id, x.newly
    ), totals AS (
      UPDATE episode_stats t SET replay_views = t.replay_views + (s.newly & 1),
        replay_seconds = t.replay_seconds + $3::int, completions = t.completions + (s.newly >> 1)
      FROM s WHERE t.episode_id = s.episode_id
    ), curve AS (
      INSERT INTO replay_retention AS c (episode_id, minute, watch_seconds)
      SELECT s.episode_id, m::smallint, least($4::int, (m + 1) * 60) - greatest($4::int - $3::int, m * 60)
      FROM s, generate_series(greatest($4::int - $3::int, 0) / 60, ($4::int - 1) / 60) AS m
      WHERE $3::int > 0 AND $4::int > 0
      ON CONFLICT (episode_id, minute) DO UPDATE SET watch_seconds = c.watch_seconds + EXCLUDED.watch_seconds
    )
    SELECT count(*) AS recorded FROM s""";

  /**
   * Beacons are analytics: a PostgreSQL crash may lose the last few hundred milliseconds of them (never corrupt
   * anything), and in exchange a beacon does not wait for its commit to reach the disk.
   */
  static final String ASYNC_COMMIT = "SET LOCAL synchronous_commit = off";

  static final String EPISODE = "SELECT status, starts_at <= now() AS started FROM episodes WHERE id = $1";

  /** Past days' session rows only decided "once per day"; their counts live on in episode_stats. */
  static final String PRUNE = "DELETE FROM replay_sessions WHERE day < current_date - 2";
}
