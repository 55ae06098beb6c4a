package lianxin.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The scale data set, seeded with set-based SQL: 10 districts → 100 sub-districts → 1,000 communities with one
 * room each, 3 columns and one host per room, 100 episodes per room (100,000) spread over a year around now, and
 * one signed-in account.
 */
final class BenchData {

  /** An API token of a seeded account, for the signed-in row. */
  static final String TOKEN = "lianxin-bench-token";

  private BenchData() {
  }

  private static final String[] SEED = {
    "INSERT INTO orgs (name, kind) SELECT '第' || g || '区', 'district' FROM generate_series(1, 10) g",
    """
    INSERT INTO orgs (name, kind, parent_id)
    SELECT d.name || '第' || g || '街道', 'subdistrict', d.id
    FROM orgs d CROSS JOIN generate_series(1, 10) g WHERE d.kind = 'district' ORDER BY d.id, g""",
    """
    INSERT INTO orgs (name, kind, parent_id)
    SELECT s.name || '第' || g || '社区', 'community', s.id
    FROM orgs s CROSS JOIN generate_series(1, 10) g WHERE s.kind = 'subdistrict' ORDER BY s.id, g""",
    """
    INSERT INTO rooms (org_id, name, description)
    SELECT id, name || '直播间', '社区通知、政策解读和邻里活动的直播。' FROM orgs WHERE kind = 'community' ORDER BY id""",
    """
    INSERT INTO columns (room_id, name)
    SELECT r.id, c.name FROM rooms r
    CROSS JOIN unnest(ARRAY['政策解读', '健康讲座', '邻里故事']) WITH ORDINALITY AS c(name, ord) ORDER BY r.id, c.ord""",
    "INSERT INTO people (name) SELECT '主持人' || id FROM rooms ORDER BY id",
    // One every 88 h per room (100 of them span ~367 days), 90 minutes long, so a room's episodes never overlap.
    // Ended ones lie wholly in the past with actual times; about one in twenty is cancelled (and unnumbered).
    // Numbers as Numbering.renumber leaves them: non-cancelled episodes 1, 2, … in order of start, aired ones first.
    """
    WITH cols AS (SELECT room_id, array_agg(id ORDER BY id) AS ids FROM columns GROUP BY room_id),
    slots AS (
      SELECT r.id AS room_id, cols.ids, k,
        date_trunc('hour', now()) - interval '183 days' + k * interval '88 hours' + (r.id % 8) * interval '1 hour' AS s
      FROM rooms r JOIN cols ON cols.room_id = r.id CROSS JOIN generate_series(0, 99) k
    ), planned AS (
      SELECT *, s + interval '90 minutes' AS f,
        CASE WHEN (room_id + k) % 20 = 0 THEN 'cancelled'
             WHEN s + interval '90 minutes' < now() THEN 'ended' ELSE 'scheduled' END AS status
      FROM slots
    )
    INSERT INTO episodes (room_id, column_id, title, description, starts_at, ends_at, status, number, actual_start,
      actual_end, cancel_reason, aired_by, aired_at)
    SELECT room_id, ids[1 + k % 3], '社区生活直播：第' || (k + 1) || '场', '本期聊聊小区里的新鲜事，欢迎居民连麦提问。',
      s, f, status,
      CASE WHEN status <> 'cancelled' THEN row_number() OVER (PARTITION BY room_id, status = 'cancelled' ORDER BY s) END,
      CASE WHEN status = 'ended' THEN s + interval '2 minutes' END,
      CASE WHEN status = 'ended' THEN least(f + interval '5 minutes', now()) END,
      CASE WHEN status = 'cancelled' THEN '主讲人临时有事，改期另行通知。' END,
      -- What the episodes_aired_fill trigger (V16) would set: these went live by the host's button.
      CASE WHEN status = 'ended' THEN 'host' END,
      CASE WHEN status = 'ended' THEN s + interval '2 minutes' END
    FROM planned ORDER BY room_id, s""",
    // The room's host on every episode; during/active are what the episode_people_fill trigger would set.
    """
    INSERT INTO episode_people (episode_id, person_id, role, during, active)
    SELECT e.id, p.id, 'host', tstzrange(e.starts_at, e.ends_at), e.status <> 'cancelled'
    FROM episodes e JOIN people p ON p.name = '主持人' || e.room_id""",
    // A signed-in reader: an official over the first district with an API token (only its SHA-256 is stored).
    "INSERT INTO users (username, password_hash, role, org_id) SELECT 'bench', '-', 'official', min(id) FROM orgs",
    "INSERT INTO tokens (user_id, kind, token_hash, name) SELECT id, 'api', sha256(convert_to('" + TOKEN + "', 'UTF8')), "
      + "'bench' FROM users WHERE username = 'bench'",
  };

  /** Seeds an empty, migrated database in one transaction, then vacuums and analyzes it; returns a summary. */
  static String seed(Connection db) throws SQLException {
    db.setAutoCommit(false);
    try (Statement st = db.createStatement()) {
      // A bulk load: skip triggers (change notices nobody listens to yet, the people-time copy given above) and
      // the per-row foreign-key checks of rows built consistent; CHECK, UNIQUE and EXCLUDE constraints still hold.
      st.execute("SET LOCAL session_replication_role = replica");
      for (String sql : SEED) {
        st.execute(sql);
      }
      db.commit();
    } catch (SQLException e) {
      db.rollback();
      throw e;
    }
    db.setAutoCommit(true);
    try (Statement st = db.createStatement()) {
      st.execute("VACUUM ANALYZE");
    }
    return one(db, """
      SELECT (SELECT count(*) FROM orgs) || ' org units, ' || (SELECT count(*) FROM rooms) || ' rooms, '
        || (SELECT count(*) FROM columns) || ' columns, ' || count(*) || ' episodes ('
        || count(*) FILTER (WHERE status = 'ended') || ' ended, '
        || count(*) FILTER (WHERE status = 'scheduled') || ' scheduled, '
        || count(*) FILTER (WHERE status = 'cancelled') || ' cancelled), '
        || (SELECT count(*) FROM episode_people) || ' host bookings'
      FROM episodes""");
  }

  /** A room in the middle of the set, used for the single-room figures. */
  static long middleRoom(Connection db) throws SQLException {
    return Long.parseLong(one(db, "SELECT id FROM rooms ORDER BY id OFFSET 499 LIMIT 1"));
  }

  /** Every fifth room: {@code count} rooms spread over all districts. */
  static List<Long> spreadRooms(Connection db, int count) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (Statement st = db.createStatement();
         ResultSet rs = st.executeQuery("SELECT id FROM rooms ORDER BY id")) {
      for (int i = 0; rs.next() && ids.size() < count; i++) {
        if (i % 5 == 0) {
          ids.add(rs.getLong(1));
        }
      }
    }
    return ids;
  }

  static String one(Connection db, String sql) throws SQLException {
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
