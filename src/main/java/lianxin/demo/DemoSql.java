package lianxin.demo;

/** The demo's SQL: the same rows the API's write paths make, written straight into an empty database. */
final class DemoSql {

  private DemoSql() {
  }

  static final String ANY_ORG = "SELECT count(*) AS n FROM orgs";

  static final String ORGS = """
    WITH xc AS (INSERT INTO orgs (name, kind) VALUES ('新城区', 'district') RETURNING id),
         hm AS (INSERT INTO orgs (name, kind) VALUES ('回民区', 'district') RETURNING id),
         sh AS (INSERT INTO orgs (name, kind) VALUES ('赛罕区', 'district') RETURNING id),
         yq AS (INSERT INTO orgs (name, kind) VALUES ('玉泉区', 'district') RETURNING id),
         hl AS (INSERT INTO orgs (name, kind, parent_id) SELECT '呼伦北路街道', 'subdistrict', id FROM xc RETURNING id),
         bh AS (INSERT INTO orgs (name, kind, parent_id) SELECT '保合少镇', 'town', id FROM xc RETURNING id),
         jl AS (INSERT INTO orgs (name, kind, parent_id) SELECT '甲兰板村', 'village', id FROM bh RETURNING id),
         bt AS (INSERT INTO orgs (name, kind, parent_id) SELECT '奔腾社区', 'community', id FROM hm RETURNING id),
         xw AS (INSERT INTO orgs (name, kind, parent_id) SELECT '西乌素图村', 'village', id FROM hm RETURNING id),
         sq AS (INSERT INTO orgs (name, kind, parent_id) SELECT '仕奇社区', 'community', id FROM sh RETURNING id)
    INSERT INTO orgs (name, kind, parent_id) SELECT '棚城社区', 'community', id FROM yq""";

  static final String ROOM = """
    INSERT INTO rooms (org_id, name, description, episode_offset)
    SELECT id, $2, $3, $4 FROM orgs WHERE name = $1 RETURNING id, timezone""";

  static final String PLATFORM = "INSERT INTO room_platforms (room_id, platform, account) VALUES ($1, $2, $3)";

  static final String COLUMN = "INSERT INTO columns (room_id, name) VALUES ($1, $2)";

  /** As {@code POST /api/rooms/{id}/series} books one: the series, then its occurrences. */
  static final String SERIES = """
    INSERT INTO series (room_id, title, rrule, first_start, duration_minutes) VALUES ($1, $2, $3, $4, $5) RETURNING id""";

  static final String EPISODE = """
    INSERT INTO episodes (room_id, column_id, series_id, title, starts_at, ends_at)
    SELECT $1, c.id, $3, $4, $5, $6 FROM columns c WHERE c.room_id = $1 AND c.name = $2""";

  /**
   * A past episode entered with the number it aired under, by the host's word: the back catalogue's path
   * ({@code POST /api/rooms/{id}/episodes} with {@code number}).
   */
  static final String AIRED = """
    INSERT INTO episodes (room_id, column_id, title, starts_at, ends_at, status, number, aired_by, aired_at)
    SELECT $1, c.id, $3, $4, $5, 'ended', $6, 'host', $5 FROM columns c WHERE c.room_id = $1 AND c.name = $2
    RETURNING id""";

  /** What Douyin reported for the episode, as {@code PUT /api/episodes/{id}/metrics} stores it. */
  static final String FIGURES = """
    INSERT INTO episode_metrics (episode_id, room_id, platform, views, unique_viewers, peak_viewers, likes, comments,
      shares, new_followers, avg_watch_seconds, source)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'api')""";

  static final String FOLLOWERS = "INSERT INTO follower_snapshots (room_id, platform, at, count) VALUES ($1, $2, $3, $4)";

  /** An uploaded recording and its archive job are made together (see {@code archive.intake.IntakeRoutes}). */
  static final String RECORDING = """
    INSERT INTO recordings (episode_id, room_id, source, source_name, original_key, sha256, bytes)
    SELECT id, room_id, 'upload', $2, $3, $4, $5 FROM episodes WHERE id = $1
    RETURNING id""";
}
