package lianxin.metrics;

/** Replay beacons, written as sums into per-session-day rows, episode totals and per-minute retention. */
final class PlaySql {

  private PlaySql() {
  }

  /** What a beacon needs to know of its episode; cached per node for a minute. */
  static final String EPISODE = """
    SELECT e.room_id, e.status, e.starts_at, r.timezone,
      extract(epoch FROM coalesce(e.actual_end, e.ends_at) - coalesce(e.actual_start, e.starts_at)) AS length
    FROM episodes e JOIN rooms r ON r.id = e.room_id WHERE e.id = $1""";

  /**
   * One flush of a node's sums, in one statement. $1-$6: one entry per (episode, session, day): seconds watched
   * since the last flush, furthest playhead, episode length. $7-$9: seconds watched per (episode, minute).
   * A session-day becomes a view when its seconds reach 30 and a completion when it is a view that reached the
   * last 10%; {@code newly} says which of these this flush caused, so the episode's totals count each once,
   * even when two nodes flush the same session (the row lock orders them). Rows go in key order, so concurrent
   * flushes from several nodes take their locks in the same order.
   */
  static final String FLUSH = """
    WITH b AS (
      SELECT * FROM unnest($1::bigint[], $2::text[], $3::date[], $4::int[], $5::int[], $6::int[])
        AS b(episode_id, session_id, day, watched, position, length)
    ), s AS (
      INSERT INTO replay_sessions AS x (episode_id, session_id, day, watched_seconds, max_position, reached_end, counted, completed, newly)
      SELECT b.episode_id, b.session_id, b.day, least(b.watched, 86400), b.position, b.position >= 0.9 * b.length,
        b.watched >= 30, b.watched >= 30 AND b.position >= 0.9 * b.length,
        (b.watched >= 30)::int + 2 * (b.watched >= 30 AND b.position >= 0.9 * b.length)::int
      FROM b JOIN episodes e ON e.id = b.episode_id
      ORDER BY b.episode_id, b.session_id, b.day
      ON CONFLICT (episode_id, session_id, day) DO UPDATE SET
        watched_seconds = least(x.watched_seconds + EXCLUDED.watched_seconds, 86400),
        max_position = greatest(x.max_position, EXCLUDED.max_position),
        reached_end = x.reached_end OR EXCLUDED.reached_end,
        counted = x.watched_seconds + EXCLUDED.watched_seconds >= 30,
        completed = x.watched_seconds + EXCLUDED.watched_seconds >= 30 AND (x.reached_end OR EXCLUDED.reached_end),
        newly = (NOT x.counted AND x.watched_seconds + EXCLUDED.watched_seconds >= 30)::int
          + 2 * (NOT x.completed AND x.watched_seconds + EXCLUDED.watched_seconds >= 30
                 AND (x.reached_end OR EXCLUDED.reached_end))::int,
        updated_at = now()
      RETURNING x.episode_id, x.session_id, x.day, x.newly
    ), totals AS (
      UPDATE episode_stats t SET replay_views = t.replay_views + d.views, replay_seconds = t.replay_seconds + d.seconds,
        completions = t.completions + d.completions
      FROM (SELECT b.episode_id, sum(b.watched) AS seconds, sum(s.newly & 1) AS views, sum(s.newly >> 1) AS completions
            FROM b JOIN s USING (episode_id, session_id, day) GROUP BY b.episode_id) d
      WHERE t.episode_id = d.episode_id
    ), curve AS (
      INSERT INTO replay_retention AS c (episode_id, minute, watch_seconds)
      SELECT m.episode_id, m.minute, m.seconds
      FROM unnest($7::bigint[], $8::smallint[], $9::bigint[]) AS m(episode_id, minute, seconds)
      JOIN episodes e ON e.id = m.episode_id
      ORDER BY m.episode_id, m.minute
      ON CONFLICT (episode_id, minute) DO UPDATE SET watch_seconds = c.watch_seconds + EXCLUDED.watch_seconds
    )
    SELECT count(*) AS sessions FROM s""";

  /**
   * Beacons are analytics: a PostgreSQL crash may lose the last flush (never corrupt anything), and in exchange
   * a flush does not wait for its commit to reach the disk.
   */
  static final String ASYNC_COMMIT = "SET LOCAL synchronous_commit = off";

  /**
   * Tells every node (their {@code ChangeListener}) which rooms' replay figures changed: one notice per flush
   * tick at most, rooms comma-separated (a notice holds under 8,000 bytes, so many rooms take several).
   */
  static final String NOTIFY = "SELECT pg_notify('lianxin_changes', p) FROM unnest($1::text[]) AS p";

  /** Past days' session rows only decided "once per day"; their counts live on in episode_stats. */
  static final String PRUNE = "DELETE FROM replay_sessions WHERE day < current_date - 2";

  /** How long after its latest beat a live player still counts as watching (it beats every 30 s). */
  static final int LIVE_WINDOW_SECONDS = 60;

  /**
   * One live beat ($1 episode, $2 session, $3 {@link #LIVE_WINDOW_SECONDS}), in one statement: the session's row
   * is made or touched, and the episode's unique viewers (+1 for a new session) and peak (the sessions beating within
   * the window, this one included) are raised only when they change, so a steady audience's beats do not queue on
   * the episode's row.
   * Answers the episode's status (no row: no such episode) and, when it is live, how many watch now. Beats that
   * commit at the same moment on two nodes do not see each other; their next beats (30 s later) do, so the peak
   * is at most one beat interval late, never more than the sessions that really beat.
   */
  static final String LIVE_BEAT = """
    WITH e AS (SELECT id, status FROM episodes WHERE id = $1),
    v AS (
      INSERT INTO live_viewers AS v (episode_id, session_id)
      SELECT e.id, $2 FROM e WHERE e.status = 'live'
      ON CONFLICT (episode_id, session_id) DO UPDATE SET seen_at = now()
      RETURNING (xmax = 0) AS new
    ), c AS (
      SELECT count(*) + 1 AS watching FROM live_viewers w
      WHERE w.episode_id = $1 AND w.session_id <> $2 AND w.seen_at > now() - make_interval(secs => $3::int)
    ), u AS (
      UPDATE episode_stats t SET live_viewers = t.live_viewers + (SELECT new::int FROM v),
        live_peak = greatest(t.live_peak, c.watching)
      FROM c WHERE t.episode_id = $1 AND EXISTS (SELECT 1 FROM v)
        AND ((SELECT new FROM v) OR t.live_peak < c.watching)
    )
    SELECT e.status, CASE WHEN e.status = 'live' THEN c.watching END AS watching FROM e, c""";

  /** Live sessions of episodes over for two days: their counts live on in episode_stats. */
  static final String PRUNE_LIVE = """
    DELETE FROM live_viewers v USING episodes e
    WHERE e.id = v.episode_id AND e.status <> 'live' AND v.seen_at < now() - interval '2 days'""";
}
