package lianxin.archive;

/** Recordings as the API reads, retries and deletes them. */
final class RecordingSql {

  private RecordingSql() {
  }

  static final String ONE = "SELECT * FROM recordings WHERE id = $1";

  static final String RETRY = """
    UPDATE recordings SET status = 'queued', stage = NULL, percent = 0, eta_seconds = NULL, error = NULL, error_en = NULL,
      attempts = 0, started_at = NULL, finished_at = NULL, updated_at = now()
    WHERE id = $1 AND status = 'failed' RETURNING id""";

  static final String DELETE = "DELETE FROM recordings WHERE id = $1 RETURNING original_key";
}
