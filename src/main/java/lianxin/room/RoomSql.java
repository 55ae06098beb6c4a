package lianxin.room;

/** Rooms' and columns' SQL. */
final class RoomSql {

  private RoomSql() {
  }

  private static final String SELECT = """
    SELECT r.id, r.name, r.org_id, o.name AS org_name, r.description, r.timezone, r.episode_offset, r.capture_url,
      coalesce((SELECT json_agg(json_build_object('platform', p.platform, 'account', p.account)
                ORDER BY p.platform, p.account) FROM room_platforms p WHERE p.room_id = r.id), '[]') AS platforms,
      coalesce((SELECT json_agg(json_build_object('id', c.id, 'name', c.name) ORDER BY c.id)
                FROM columns c WHERE c.room_id = r.id), '[]') AS columns,
      -- Imported back-catalogue episodes are numbered within the offset: counted once, as part of it.
      r.episode_offset + (SELECT count(*) FROM episodes e
                          WHERE e.room_id = r.id AND e.status IN ('live', 'ended')
                            AND (e.number IS NULL OR e.number > r.episode_offset)) AS episode_count,
      (SELECT count(*) FROM episodes e
        WHERE e.room_id = r.id AND e.status IN ('scheduled', 'live') AND e.ends_at > now()) AS upcoming_count,
      (SELECT coalesce(sum((SELECT s.count FROM follower_snapshots s WHERE s.room_id = r.id AND s.platform = p.platform
                            ORDER BY s.at DESC LIMIT 1)), 0)
        FROM (SELECT DISTINCT platform FROM room_platforms WHERE room_id = r.id) p) AS followers
    FROM rooms r JOIN orgs o ON o.id = r.org_id
    """;

  static final String ONE = SELECT + " WHERE r.id = $1";

  static final String PAGE = SELECT + " WHERE r.id > $1 ORDER BY r.id LIMIT $2";

  static final String PAGE_IN_ORG = lianxin.auth.OrgSubtree.CTE + SELECT
    + " WHERE r.id > $2 AND r.org_id IN (SELECT id FROM subtree) ORDER BY r.id LIMIT $3";

  static final String INSERT = """
    INSERT INTO rooms (name, org_id, description, timezone, episode_offset, capture_url) VALUES ($1, $2, $3, $4, $5, $6)
    RETURNING id""";

  static final String UPDATE = """
    UPDATE rooms SET name = coalesce($2, name), description = coalesce($3, description),
      timezone = coalesce($4, timezone), episode_offset = coalesce($5, episode_offset),
      capture_url = CASE WHEN $6 THEN $7 ELSE capture_url END, updated_at = now()
    WHERE id = $1 RETURNING id""";

  static final String DELETE_PLATFORMS = "DELETE FROM room_platforms WHERE room_id = $1";

  static final String INSERT_PLATFORM = "INSERT INTO room_platforms (room_id, platform, account) VALUES ($1, $2, $3)";

  static final String INSERT_COLUMN = "INSERT INTO columns (room_id, name) VALUES ($1, $2) RETURNING id, room_id, name";

  static final String ROOM_EXISTS = "SELECT 1 FROM rooms WHERE id = $1";
}
