package lianxin.relay;

/** The relays' SQL: a room's targets, and each live episode's push states. */
final class RelaySql {

  private RelaySql() {
  }

  static final String LOCK_ROOM = "SELECT id FROM rooms WHERE id = $1 FOR UPDATE";

  static final String TARGETS = """
    SELECT id, room_id, platform, push_masked, push_sealed, enabled, position, updated_at
    FROM relay_targets WHERE room_id = $1 ORDER BY position""";

  static final String INSERT = """
    INSERT INTO relay_targets (room_id, platform, push_masked, push_sealed, enabled, position)
    VALUES ($1, $2, $3, $4, $5, $6)""";

  /** A target kept by id: its push URL replaced only when a new one came ($3, $4 null keep it). */
  static final String UPDATE = """
    UPDATE relay_targets SET platform = $2, push_masked = coalesce($3, push_masked), push_sealed = coalesce($4, push_sealed),
      enabled = $5, position = $6, updated_at = now()
    WHERE id = $1 AND room_id = $7""";

  /** The room's targets not in the new list ($2: the ids kept). */
  static final String DELETE_OTHERS = "DELETE FROM relay_targets WHERE room_id = $1 AND NOT (id = ANY($2))";

  /** The states, before a push starts: one per target, connecting; an earlier run's error and counts are kept. */
  static final String STATE_START = """
    INSERT INTO relay_states (episode_id, target_id, node, state) VALUES ($1, $2, $3, 'connecting')
    ON CONFLICT (episode_id, target_id) DO UPDATE SET node = $3, state = 'connecting', bitrate_kbps = NULL,
      since = now(), updated_at = now()""";

  static final String STATE_CONNECTED = """
    UPDATE relay_states SET state = 'connected', node = $3, since = CASE WHEN state = 'connected' THEN since ELSE now() END,
      bitrate_kbps = $4, bytes = bytes + $5, updated_at = now()
    WHERE episode_id = $1 AND target_id = $2""";

  static final String STATE_RETRYING = """
    UPDATE relay_states SET state = 'retrying', node = $3, error = $4, error_en = $5, attempts = attempts + 1,
      bitrate_kbps = NULL, since = CASE WHEN state = 'retrying' THEN since ELSE now() END, updated_at = now()
    WHERE episode_id = $1 AND target_id = $2""";

  /** Still running, nothing new to say: the row stays fresh (a row left stale is read as off). */
  static final String STATE_ALIVE = "UPDATE relay_states SET updated_at = now() WHERE episode_id = $1 AND target_id = $2";

  static final String STATE_OFF = """
    UPDATE relay_states SET state = 'off', bitrate_kbps = NULL, since = now(), updated_at = now()
    WHERE episode_id = $1 AND target_id = $2""";

  /**
   * An episode's relays: every target of its room, with this episode's push state. No row, or a row its node has not
   * refreshed for 20 s (the node died mid-push), reads as off.
   */
  static final String OF_EPISODE = """
    SELECT t.id, t.platform, t.push_masked, t.enabled, s.node, s.error, s.error_en, s.attempts, s.bytes, s.since,
      s.updated_at,
      CASE WHEN s.state IS NULL OR s.updated_at < now() - interval '20 seconds' THEN 'off' ELSE s.state END AS state,
      CASE WHEN s.state = 'connected' AND s.updated_at >= now() - interval '20 seconds' THEN s.bitrate_kbps END AS bitrate_kbps
    FROM episodes e
    JOIN relay_targets t ON t.room_id = e.room_id
    LEFT JOIN relay_states s ON s.episode_id = e.id AND s.target_id = t.id
    WHERE e.id = $1
    ORDER BY t.position""";
}
