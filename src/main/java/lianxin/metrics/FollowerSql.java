package lianxin.metrics;

/** Follower snapshots' SQL. */
final class FollowerSql {

  private FollowerSql() {
  }

  static final String ROOM = """
    SELECT r.timezone, coalesce(array_agg(DISTINCT p.platform) FILTER (WHERE p.platform IS NOT NULL), '{}') AS platforms
    FROM rooms r LEFT JOIN room_platforms p ON p.room_id = r.id WHERE r.id = $1 GROUP BY r.id""";

  /** The same (room, platform, moment) twice is one reading: the later write wins. */
  static final String UPSERT = """
    INSERT INTO follower_snapshots (room_id, platform, at, count) VALUES ($1, $2, $3, $4)
    ON CONFLICT (room_id, platform, at) DO UPDATE SET count = EXCLUDED.count""";

  /** The latest reading of each platform account the room has, added up: what a room page shows. */
  static final String LATEST = """
    SELECT coalesce(sum((SELECT s.count FROM follower_snapshots s WHERE s.room_id = $1 AND s.platform = p.platform
                         ORDER BY s.at DESC LIMIT 1)), 0) AS total
    FROM (SELECT DISTINCT platform FROM room_platforms WHERE room_id = $1) p""";

  /**
   * Each platform's last reading before each edge ($2, in order): gaps carry the last value forward.
   * One index probe per (edge, platform) on the primary key.
   */
  static final String AT_EDGES = """
    SELECT b.idx, p.platform,
      (SELECT s.count FROM follower_snapshots s WHERE s.room_id = $1 AND s.platform = p.platform AND s.at < b.edge
       ORDER BY s.at DESC LIMIT 1) AS count
    FROM unnest($2::timestamptz[]) WITH ORDINALITY AS b(edge, idx)
    CROSS JOIN (SELECT DISTINCT platform FROM room_platforms WHERE room_id = $1) p
    ORDER BY b.idx, p.platform""";
}
