package lianxin.archive.intake;

/** Resumable uploads' SQL. */
final class ResumableSql {

  private ResumableSql() {
  }

  static final String INSERT = "INSERT INTO uploads (id, episode_id, room_id, size, name) VALUES ($1, $2, $3, $4, $5)";

  static final String ONE = "SELECT *, coalesce(busy_until > now(), false) AS receiving FROM uploads WHERE id = $1";

  /** One chunk at a time; a holder that vanished (its connection dropped, its node died) lets go after a minute. */
  static final String CLAIM = """
    UPDATE uploads SET busy_until = now() + interval '1 minute'
    WHERE id = $1 AND recording_id IS NULL AND (busy_until IS NULL OR busy_until < now())""";

  static final String RELEASE = "UPDATE uploads SET busy_until = NULL WHERE id = $1";

  static final String DONE = "UPDATE uploads SET recording_id = $2, busy_until = NULL WHERE id = $1";
}
