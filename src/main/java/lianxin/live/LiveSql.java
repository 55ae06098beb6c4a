package lianxin.live;

/** Live ingest's SQL: stream keys, the publish decision, the sessions' beats, their end and their recording. */
final class LiveSql {

  private LiveSql() {
  }

  static final String INGEST = "SELECT nonce, key_hash, unscheduled FROM room_ingest WHERE room_id = $1";

  /** The room's session going on, and what its publishing node last measured of the stream. */
  static final String LIVE_HEALTH = """
    SELECT episode_id, node IS NOT NULL AND left_at IS NULL AS publishing, health, health_at
    FROM live_sessions WHERE room_id = $1 AND ended_at IS NULL""";

  /** Written by the node the publisher is connected to ($3), only while it is. */
  static final String WRITE_HEALTH = """
    UPDATE live_sessions SET health = $2, health_at = now()
    WHERE episode_id = $1 AND node = $3 AND ended_at IS NULL""";

  /** A room's first key, made when a manager first asks for it. */
  static final String CREATE = """
    INSERT INTO room_ingest (room_id, nonce, key_hash) VALUES ($1, $2, $3)
    ON CONFLICT (room_id) DO NOTHING""";

  static final String ROTATE = "UPDATE room_ingest SET nonce = $2, key_hash = $3, rotated_at = now() WHERE room_id = $1";

  static final String UNSCHEDULED = "UPDATE room_ingest SET unscheduled = $2 WHERE room_id = $1";

  static final String ROOM_OF_KEY = "SELECT room_id, unscheduled FROM room_ingest WHERE key_hash = $1";

  /** Every publish decision of a room holds its row, as every schedule write does. */
  static final String LOCK_ROOM = "SELECT id FROM rooms WHERE id = $1 FOR UPDATE";

  /**
   * The room's session still going (its episode live). {@code publishing}: a publisher is connected on a node
   * that still beats ($2: how long without a beat counts as gone, seconds).
   */
  static final String OPEN_SESSION = """
    SELECT s.episode_id, s.node, s.client,
      s.node IS NOT NULL AND s.left_at IS NULL AND s.seen_at > now() - make_interval(secs => $2) AS publishing
    FROM live_sessions s JOIN episodes e ON e.id = s.episode_id AND e.status = 'live'
    WHERE s.room_id = $1 AND s.ended_at IS NULL FOR UPDATE OF s""";

  /** The publisher is back (here or on another node): the same episode goes on. */
  static final String RESUME = """
    UPDATE live_sessions SET node = $2, client = $3, left_at = NULL, seen_at = now(), publishes = publishes + 1
    WHERE episode_id = $1""";

  /**
   * The episode a publish now belongs to: the room's live one (the host pressed 开播), else the planned one whose
   * window is open (from the lead, $2 seconds, before its start to its end).
   */
  static final String IN_WINDOW = """
    SELECT id, status FROM episodes
    WHERE room_id = $1 AND (status = 'live'
      OR (status = 'scheduled' AND starts_at - make_interval(secs => $2) <= now() AND ends_at > now()))
    ORDER BY status = 'live' DESC, starts_at LIMIT 1""";

  static final String GO_LIVE = """
    UPDATE episodes SET status = 'live', actual_start = now(), aired_by = 'host', aired_at = now(),
      revision = revision + 1, updated_at = now()
    WHERE id = $1 AND status = 'scheduled'""";

  /**
   * An unscheduled episode (临时直播) from now to the room's next episode (at most 12 hours), unless another
   * episode's slot (one ended early) covers this moment: then no row, and the publish is refused.
   */
  static final String UNSCHEDULED_EPISODE = """
    INSERT INTO episodes (room_id, title, starts_at, ends_at)
    SELECT $1, $2, now(), least(now() + interval '12 hours',
      coalesce((SELECT min(starts_at) FROM episodes WHERE room_id = $1 AND status <> 'cancelled' AND starts_at > now()),
               'infinity'))
    WHERE NOT EXISTS (SELECT 1 FROM episodes WHERE room_id = $1 AND status <> 'cancelled'
                      AND starts_at <= now() AND ends_at > now())
    RETURNING id""";

  static final String INSERT_SESSION = """
    INSERT INTO live_sessions (episode_id, room_id, unscheduled, node, client) VALUES ($1, $2, $3, $4, $5)""";

  /** The publisher left this node ($2) as this client ($3): the grace starts. */
  static final String LEFT = """
    UPDATE live_sessions SET left_at = now(), node = NULL, client = NULL
    WHERE room_id = $1 AND node = $2 AND client = $3 AND ended_at IS NULL
    RETURNING episode_id""";

  /** This node's publishers are still connected. */
  static final String BEAT = """
    UPDATE live_sessions SET seen_at = now() WHERE node = $1 AND episode_id = ANY($2) AND ended_at IS NULL""";

  /**
   * Sessions to end, taken by one node (the row lock decides): the publisher gone for longer than the grace ($1 s),
   * its node silent for $2 s (the grace and a margin), or the episode no longer live (the host ended or cancelled it).
   */
  static final String EXPIRE = """
    UPDATE live_sessions s SET ended_at = now(), node = NULL, client = NULL
    WHERE s.ended_at IS NULL AND (
      s.left_at + make_interval(secs => $1) <= now()
      OR (s.left_at IS NULL AND s.seen_at + make_interval(secs => $2) <= now())
      OR NOT EXISTS (SELECT 1 FROM episodes e WHERE e.id = s.episode_id AND e.status = 'live'))
    RETURNING s.episode_id, s.unscheduled, coalesce(s.left_at, s.seen_at) AS last_seen""";

  /** The episode ends when its publisher was last there; an unscheduled one's slot shrinks to what it used. */
  static final String END_EPISODE = """
    UPDATE episodes SET status = 'ended', actual_end = greatest(actual_start, $2),
      ends_at = CASE WHEN $3 THEN least(ends_at, greatest(starts_at + interval '1 minute', $2)) ELSE ends_at END,
      revision = revision + 1, updated_at = now()
    WHERE id = $1 AND status = 'live'""";

  /** Which of these episodes' sessions have ended. */
  static final String ENDED = "SELECT episode_id FROM live_sessions WHERE episode_id = ANY($1) AND ended_at IS NOT NULL";

  /**
   * One ended session whose recording is still to be made, leased to this node; 15 s after the end, so the node
   * that held the publisher has stopped recording.
   */
  static final String CLAIM_FINISH = """
    UPDATE live_sessions SET finishing_until = now() + interval '30 minutes'
    WHERE episode_id = (SELECT episode_id FROM live_sessions
                        WHERE ended_at <= now() - interval '15 seconds' AND finished_at IS NULL
                          AND (finishing_until IS NULL OR finishing_until < now())
                        ORDER BY ended_at LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING episode_id""";

  static final String FINISHED = "UPDATE live_sessions SET finished_at = now() WHERE episode_id = $1";
}

