package lianxin.archive.intake;

/** New recordings from an upload or a URL. */
final class IntakeSql {

  private IntakeSql() {
  }

  static final String INSERT = """
    INSERT INTO recordings (episode_id, room_id, source, source_name, original_key, sha256, bytes)
    SELECT id, room_id, $2, $3, $4, $5, $6 FROM episodes WHERE id = $1
    RETURNING id, status""";

  static final String INSERT_URL = """
    INSERT INTO recordings (episode_id, room_id, source, source_name, source_url, original_key)
    SELECT id, room_id, 'url', $2, $2, $3 FROM episodes WHERE id = $1
    RETURNING id, status""";
}
