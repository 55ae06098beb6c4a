package lianxin.capture;

/** Capture's SQL: the planner, one capture's runs and gaps, and the hand-over to the archive job. */
final class CaptureSql {

  private CaptureSql() {
  }

  /**
   * The planner, run by every node: each episode of a room with a source whose window is open gets its one
   * capture (the unique episode_id decides which node's insert wins); the new ones come back for their jobs.
   * A room's episode the host started early counts as open too, and one marked aired before the host ended it. $1 lead, $2 grace, in seconds. Episodes last at
   * most 12 h, so the start bound keeps the scan on the start index.
   */
  static final String PLAN = """
    INSERT INTO captures (episode_id, room_id, source_url, opens_at, closes_at, grace)
    SELECT e.id, e.room_id, r.capture_url, e.starts_at - make_interval(secs => $1), e.ends_at + make_interval(secs => $2),
      make_interval(secs => $2)
    FROM episodes e JOIN rooms r ON r.id = e.room_id
    WHERE r.capture_url IS NOT NULL
      AND (e.status IN ('scheduled', 'live') OR (e.status = 'ended' AND e.actual_end IS NULL))
      AND e.starts_at <= now() + make_interval(secs => $1) + interval '13 hours'
      AND e.starts_at > now() - make_interval(secs => $2) - interval '13 hours'
      AND (e.starts_at - make_interval(secs => $1) <= now() OR e.status = 'live')
      AND e.ends_at + make_interval(secs => $2) > now()
    ON CONFLICT (episode_id) DO NOTHING
    RETURNING id""";

  static final String ONE = "SELECT * FROM captures WHERE id = $1";

  /**
   * Whether to keep recording: until the host ends (or cancels) the episode, or its end (which may have moved)
   * plus the grace fixed when the capture was planned. An episode marked aired by a recording or metrics entered
   * while it was on (no actual end) is recorded on.
   */
  static final String STOP = """
    SELECT e.status = 'cancelled' OR e.actual_end IS NOT NULL OR now() >= e.ends_at + c.grace AS stop,
      extract(epoch FROM e.ends_at + c.grace - now()) AS seconds_left
    FROM captures c JOIN episodes e ON e.id = c.episode_id WHERE c.id = $1""";

  static final String RECORDING = """
    UPDATE captures SET status = 'recording', node = $2, started_at = coalesce(started_at, now())
    WHERE id = $1 AND status IN ('waiting', 'recording')""";

  static final String NEW_RUN = """
    INSERT INTO capture_runs (capture_id, run, node)
    SELECT $1, coalesce(max(run), 0) + 1, $2 FROM capture_runs WHERE capture_id = $1
    RETURNING run""";

  static final String RUNS = "SELECT * FROM capture_runs WHERE capture_id = $1 ORDER BY run";

  static final String FIRST_OUTPUT = """
    UPDATE capture_runs SET first_output = coalesce(first_output, $3), last_output = $3
    WHERE capture_id = $1 AND run = $2""";

  static final String LAST_OUTPUT = "UPDATE capture_runs SET last_output = $3 WHERE capture_id = $1 AND run = $2";

  static final String SEGMENTS = "UPDATE captures SET segments = $2 WHERE id = $1";

  /** A gap opens once (a takeover and a drop may both notice the same one). */
  static final String OPEN_GAP = """
    INSERT INTO capture_gaps (capture_id, started_at)
    SELECT $1, $2 WHERE NOT EXISTS (SELECT 1 FROM capture_gaps WHERE capture_id = $1 AND ended_at IS NULL)
    ON CONFLICT DO NOTHING""";

  /**
   * A live run ended at $2 (run $3): the gap from there to the next run's start. The runs of a publisher who moved to
   * another node end and begin on two nodes in either order: when a later run already began, the gap is written
   * closed at its start (none when it began before this one ended); otherwise it stays open for the next run.
   */
  static final String OPEN_RUN_GAP = """
    WITH later AS (
      SELECT min(first_output) AS began FROM capture_runs WHERE capture_id = $1 AND run > $3 AND first_output IS NOT NULL)
    INSERT INTO capture_gaps (capture_id, started_at, ended_at)
    SELECT $1, $2, later.began FROM later
    WHERE (later.began IS NULL OR later.began > $2)
      AND NOT EXISTS (SELECT 1 FROM capture_gaps WHERE capture_id = $1 AND ended_at IS NULL)
    ON CONFLICT DO NOTHING""";

  static final String CLOSE_GAP = """
    UPDATE capture_gaps SET ended_at = greatest(started_at, $2) WHERE capture_id = $1 AND ended_at IS NULL""";

  static final String GAPS = "SELECT started_at, ended_at FROM capture_gaps WHERE capture_id = $1 ORDER BY started_at";

  static final String OF_RECORDING = "SELECT * FROM captures WHERE recording_id = $1";

  static final String OF_EPISODE = "SELECT * FROM captures WHERE episode_id = $1";

  static final String INSERT_RECORDING = """
    INSERT INTO recordings (episode_id, room_id, source, source_name, original_key)
    SELECT episode_id, room_id, 'capture', left(source_url, 500), $2 FROM captures WHERE id = $1
    RETURNING id""";

  static final String DONE = """
    UPDATE captures SET status = 'done', recording_id = $2, ended_at = now() WHERE id = $1 AND status = 'recording'""";
}
