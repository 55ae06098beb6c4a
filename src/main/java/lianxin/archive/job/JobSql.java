package lianxin.archive.job;

/** The archive job's writes to its recording (every one conditional on the recording still being processed). */
final class JobSql {

  private JobSql() {
  }

  /** Claims the recording for this run; nothing comes back when it was deleted or is already done. */
  static final String CLAIM = """
    UPDATE recordings SET status = 'processing', stage = 'probe', percent = 0, eta_seconds = NULL,
      master_key = NULL, audio_key = NULL, poster_key = NULL, storyboard_key = NULL, chapters_key = NULL,
      attempts = attempts + 1, started_at = coalesce(started_at, now()), updated_at = now()
    WHERE id = $1 AND status IN ('queued', 'processing') RETURNING original_key, episode_id, attempts, source_url, sha256""";

  /** What the job learnt of an original that arrived without it (pulled or imported). */
  static final String ORIGINAL = "UPDATE recordings SET sha256 = $2, bytes = $3, updated_at = now() WHERE id = $1 AND status = 'processing'";

  static final String PROGRESS = """
    UPDATE recordings SET stage = $2, percent = $3, eta_seconds = $4, updated_at = now()
    WHERE id = $1 AND status = 'processing'""";

  static final String PROBED = """
    UPDATE recordings SET kind = $2, duration_seconds = $3, width = $4, height = $5, video_codec = $6,
      audio_codec = $7, bitrate = $8, updated_at = now()
    WHERE id = $1 AND status = 'processing'""";

  /** Sets one media key ($2 names the column, chosen from a fixed list in {@link Tracker}). */
  static String setKey(String column) {
    return "UPDATE recordings SET " + column + " = $2, updated_at = now() WHERE id = $1 AND status = 'processing'";
  }

  /**
   * An imported episode was given an hour until its recording was probed: its end becomes start + duration ($2 s),
   * unless that would run into the room's next episode (then it keeps its hour) or past the 12-hour limit.
   */
  static final String IMPORTED_END = """
    UPDATE episodes e SET ends_at = e.starts_at + make_interval(secs => $2), actual_end = e.starts_at + make_interval(secs => $2),
      updated_at = now()
    FROM recordings r
    WHERE r.id = $1 AND r.source = 'import' AND e.id = r.episode_id AND e.status = 'ended' AND $2 BETWEEN 1 AND 43200
      AND e.ends_at <> e.starts_at + make_interval(secs => $2)
      AND NOT EXISTS (SELECT 1 FROM episodes o WHERE o.room_id = e.room_id AND o.id <> e.id AND o.status <> 'cancelled'
        AND tstzrange(o.starts_at, o.ends_at) && tstzrange(e.starts_at, e.starts_at + make_interval(secs => $2)))""";

  /** The recording was queued again (a retry) while its job was running. */
  static final String QUEUED_AGAIN = "SELECT 1 FROM recordings WHERE id = $1 AND status = 'queued'";

  static final String LOUDNESS = "UPDATE recordings SET loudness_lufs = $2 WHERE id = $1 AND status = 'processing'";

  static final String ARCHIVED = """
    UPDATE recordings SET status = 'archived', stage = 'archived', percent = 100, eta_seconds = 0, error = NULL, error_en = NULL,
      finished_at = now(), updated_at = now()
    WHERE id = $1 AND status = 'processing'""";

  /** A transient failure: the job retries later; the host sees why it is waiting. */
  static final String WAITING = """
    UPDATE recordings SET status = 'queued', error = $2, error_en = $3, eta_seconds = NULL, updated_at = now()
    WHERE id = $1 AND status = 'processing'""";

  /** Replaced: older recordings of the episode, once a newer one is archived (not those still being worked on). */
  static final String REPLACED = """
    DELETE FROM recordings WHERE episode_id = $1 AND id < $2 AND status <> 'processing'
    RETURNING id, original_key""";
}
