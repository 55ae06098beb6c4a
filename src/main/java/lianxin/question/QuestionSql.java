package lianxin.question;

/**
 * The SQL of 民生问答. The public constants are what other features show of answered and assigned questions
 * (replay chapters, podcast and calendar descriptions, search, the overview); they all read approved questions only.
 */
public final class QuestionSql {

  private QuestionSql() {
  }

  static final String ROOM = """
    SELECT r.id, coalesce((SELECT array_agg(w.word ORDER BY w.word) FROM room_blocked_words w WHERE w.room_id = r.id),
      '{}') AS words
    FROM rooms r WHERE r.id = $1""";

  static final String EPISODE = "SELECT room_id, status FROM episodes WHERE id = $1";

  static final String INSERT = """
    INSERT INTO questions (room_id, column_id, text, nickname, episode_id) VALUES ($1, $2, $3, $4, $5)
    RETURNING id, status""";

  private static final String SELECT = """
    SELECT q.id, q.room_id, r.name AS room_name, r.timezone, q.column_id, c.name AS column_name, q.text, q.nickname,
      q.status, q.hide_reason, q.merged_into, q.votes, q.asked_at, q.approved_at, q.answered_at,
      q.episode_id, e.title AS episode_title, e.number AS episode_number, e.starts_at AS episode_starts_at,
      e.status AS episode_status,
      q.answer_episode_id, q.answer_ms, ae.title AS answer_title,
      EXISTS (SELECT 1 FROM recordings rec WHERE rec.episode_id = q.answer_episode_id AND rec.status = 'archived') AS replay
    FROM questions q JOIN rooms r ON r.id = q.room_id LEFT JOIN columns c ON c.id = q.column_id
      LEFT JOIN episodes e ON e.id = q.episode_id LEFT JOIN episodes ae ON ae.id = q.answer_episode_id
    """;

  static final String ONE = SELECT + "WHERE q.id = $1";

  /**
   * A room's questions of one kind ($2): open (approved, not answered: most votes, then oldest first), answered
   * (latest answer first), pending (oldest first) or hidden; $3 a column or null; $4 the page size.
   */
  static final String LIST = SELECT + """
    WHERE q.room_id = $1 AND ($3::bigint IS NULL OR q.column_id = $3) AND CASE $2
      WHEN 'open' THEN q.status = 'approved' AND q.answer_ms IS NULL
      WHEN 'answered' THEN q.status = 'approved' AND q.answer_ms IS NOT NULL
      ELSE q.status = $2 END
    ORDER BY CASE WHEN $2 = 'open' THEN q.votes END DESC, q.answered_at DESC NULLS LAST, q.asked_at, q.id
    LIMIT $4""";

  /** An episode's approved questions: those it will answer (assigned, open) and those it answered. */
  static final String OF_EPISODE = SELECT + """
    WHERE q.status = 'approved' AND (q.answer_episode_id = $1 OR q.episode_id = $1 AND q.answer_ms IS NULL)
    ORDER BY q.answer_ms NULLS LAST, q.votes DESC, q.asked_at""";

  /** A question a host changes, held to the end of the transaction. */
  static final String LOCK = """
    SELECT room_id, status, episode_id, answer_episode_id, answer_ms FROM questions WHERE id = $1 FOR UPDATE""";

  static final String APPROVE = """
    UPDATE questions SET status = 'approved', hide_reason = NULL, approved_at = coalesce(approved_at, now())
    WHERE id = $1""";

  static final String HIDE = "UPDATE questions SET status = 'hidden', hide_reason = $2 WHERE id = $1";

  static final String MERGE = "UPDATE questions SET status = 'merged', merged_into = $2 WHERE id = $1";

  /** A merged question's votes count for the question it was merged into (a device once). */
  static final String MOVE_VOTES = """
    INSERT INTO question_votes (question_id, device, created_at)
    SELECT $2, device, created_at FROM question_votes WHERE question_id = $1 ON CONFLICT DO NOTHING""";

  static final String RECOUNT = """
    UPDATE questions SET votes = (SELECT count(*) FROM question_votes WHERE question_id = $1) WHERE id = $1""";

  static final String ASSIGN = "UPDATE questions SET episode_id = $2 WHERE id = $1";

  /**
   * The room's live episode and how far into its recording now is, in milliseconds: from the capture's first bytes
   * when Lianxin records it, else from going live (the host's own recording starts then).
   */
  static final String LIVE_CLOCK = """
    SELECT e.id, (extract(epoch FROM now() - coalesce(
        (SELECT min(cr.first_output) FROM captures c JOIN capture_runs cr ON cr.capture_id = c.id WHERE c.episode_id = e.id),
        e.actual_start)) * 1000)::bigint AS ms
    FROM episodes e WHERE e.room_id = $1 AND e.status = 'live'""";

  static final String ANSWER = """
    UPDATE questions SET answer_episode_id = $2, answer_ms = greatest(0, $3), answered_at = now(), episode_id = $2
    WHERE id = $1""";

  /** The episode a moment is set in, and the archived recording's length when there is one. */
  static final String MOMENT_EPISODE = """
    SELECT e.status, (SELECT rec.duration_seconds FROM recordings rec WHERE rec.episode_id = e.id AND rec.status = 'archived'
      ORDER BY rec.id DESC LIMIT 1) AS duration
    FROM episodes e WHERE e.id = $1""";

  static final String SET_MOMENT = """
    UPDATE questions SET answer_episode_id = $2, answer_ms = $3, answered_at = coalesce(answered_at, now()) WHERE id = $1""";

  static final String STATUS = "SELECT status FROM questions WHERE id = $1";

  static final String VOTE = "INSERT INTO question_votes (question_id, device) VALUES ($1, $2)";

  static final String COUNT_VOTE = "UPDATE questions SET votes = votes + 1 WHERE id = $1 RETURNING votes";

  static final String DELETE_WORDS = "DELETE FROM room_blocked_words WHERE room_id = $1";

  static final String INSERT_WORDS = """
    INSERT INTO room_blocked_words (room_id, word) SELECT $1, w FROM unnest($2::text[]) AS w ON CONFLICT DO NOTHING""";

  /** Answered questions of an episode as chapters and description lines: the moment (ms) and the text. */
  public static final String ANSWERED_IN = """
    SELECT id, answer_ms, text FROM questions
    WHERE answer_episode_id = $1 AND status = 'approved' ORDER BY answer_ms, id""";

  /** Answered questions of several episodes ($1), for feeds: episode, moment (ms), text. */
  public static final String ANSWERED_IN_ALL = """
    SELECT answer_episode_id AS episode_id, answer_ms, text FROM questions
    WHERE answer_episode_id = ANY($1) AND status = 'approved' ORDER BY answer_episode_id, answer_ms, id""";

  /** Open questions assigned to several episodes ($1), for calendar descriptions (本期将回答). */
  public static final String ASSIGNED_TO_ALL = """
    SELECT episode_id, text FROM questions
    WHERE episode_id = ANY($1) AND status = 'approved' AND answer_ms IS NULL ORDER BY episode_id, votes DESC, id""";

  /**
   * Approved questions containing every word ($1, lower case), optionally in a room ($2) or in rooms of org units
   * ($3), answered ones first, then the most asked; at most $4.
   */
  public static final String SEARCH = """
    SELECT q.id, q.room_id, r.name AS room_name, q.text, q.votes, q.asked_at, q.answer_episode_id, q.answer_ms,
      ae.title AS answer_title,
      EXISTS (SELECT 1 FROM recordings rec WHERE rec.episode_id = q.answer_episode_id AND rec.status = 'archived') AS replay
    FROM questions q JOIN rooms r ON r.id = q.room_id LEFT JOIN episodes ae ON ae.id = q.answer_episode_id
    WHERE q.status = 'approved' AND ($2::bigint IS NULL OR q.room_id = $2) AND ($3::bigint[] IS NULL OR r.org_id = ANY($3))
      AND NOT EXISTS (SELECT 1 FROM unnest($1::text[]) AS w WHERE strpos(lower(q.text), w) = 0)
    ORDER BY q.answer_ms IS NULL, q.votes DESC, q.id DESC LIMIT $4""";

  /** A select-list item over an episode aliased {@code e}: its open assigned questions' texts (本期将回答), a JSON array. */
  public static final String WILL_ANSWER = """
    (SELECT json_agg(q.text ORDER BY q.votes DESC, q.id) FROM questions q
     WHERE q.episode_id = e.id AND q.status = 'approved' AND q.answer_ms IS NULL) AS will_answer""";

  /** A select-list item over an episode aliased {@code e}: the questions it answered, {@code [{ms, text}]} in order. */
  public static final String ANSWERED = """
    (SELECT json_agg(json_build_object('ms', q.answer_ms, 'text', q.text) ORDER BY q.answer_ms, q.id) FROM questions q
     WHERE q.answer_episode_id = e.id AND q.status = 'approved') AS answered""";

  /**
   * The questions of an org subtree ($1; null: the city) asked within the days $2..$3 (Beijing time, either may be
   * null) as {@code qs}, each with {@code top}: the child unit of $1 its room sits under ($1 itself for its own rooms),
   * or the top-level unit for the city.
   */
  static String scoped(String select) {
    return """
      WITH RECURSIVE scope AS (
        SELECT id, id AS top, 0 AS depth FROM orgs WHERE CASE WHEN $1::bigint IS NULL THEN parent_id IS NULL ELSE id = $1 END
        UNION ALL
        SELECT o.id, CASE WHEN s.depth = 0 AND $1::bigint IS NOT NULL THEN o.id ELSE s.top END, s.depth + 1
        FROM orgs o JOIN scope s ON o.parent_id = s.id
      ), qs AS (
        SELECT q.*, s.top, r.name AS room_name, r.timezone FROM questions q JOIN rooms r ON r.id = q.room_id
        JOIN scope s ON s.id = r.org_id
        WHERE ($2::date IS NULL OR q.asked_at >= $2::date::timestamp AT TIME ZONE 'Asia/Shanghai')
          AND ($3::date IS NULL OR q.asked_at < ($3::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
      )
      """ + select;
  }

  /** Received (every question), approved (shown, answered or not), answered, open, pending; per {group} and in total. */
  static final String FIGURES = """
    SELECT GROUPING({group}) = 1 AS total, {group} AS key, count(*) AS received,
      count(*) FILTER (WHERE qs.status = 'approved') AS approved,
      count(*) FILTER (WHERE qs.status = 'approved' AND qs.answer_ms IS NOT NULL) AS answered,
      count(*) FILTER (WHERE qs.status = 'approved' AND qs.answer_ms IS NULL) AS open,
      count(*) FILTER (WHERE qs.status = 'pending') AS pending,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM qs.answered_at - qs.asked_at) / 86400)
        FILTER (WHERE qs.status = 'approved' AND qs.answer_ms IS NOT NULL) AS median_days
    FROM qs GROUP BY GROUPING SETS ((), ({group}))""";

  /** The subtree's oldest open questions (asked in the period), $4 of them. */
  static final String OLDEST_OPEN = """
    SELECT qs.id, qs.text, qs.votes, qs.asked_at, qs.room_id, qs.room_name, qs.timezone, c.name AS column_name,
      (extract(epoch FROM now() - qs.asked_at) / 86400)::int AS days
    FROM qs LEFT JOIN columns c ON c.id = qs.column_id
    WHERE qs.status = 'approved' AND qs.answer_ms IS NULL ORDER BY qs.asked_at, qs.id LIMIT $4""";
}
