package lianxin.search;

import lianxin.question.QuestionSql;

/** The podcast feeds' SQL. */
final class PodcastSql {

  private PodcastSql() {
  }

  /** The room, and the column's name when one is asked for (null: not this room's column). */
  static final String ROOM = """
    SELECT r.id, r.name, r.description, o.name AS org_name,
      (SELECT c.name FROM columns c WHERE c.id = $2 AND c.room_id = r.id) AS column_name
    FROM rooms r JOIN orgs o ON o.id = r.org_id WHERE r.id = $1""";

  /** Archived episodes, newest first: the newest archived recording of each (a replacement shows once complete). */
  static final String ITEMS = """
    SELECT e.id, e.title, e.description, e.number, coalesce(e.actual_start, e.starts_at) AS published,
      rec.audio_key, rec.poster_key, rec.duration_seconds,
      EXISTS (SELECT 1 FROM transcripts t WHERE t.episode_id = e.id) AS has_transcript,
      (rec.chapters_key IS NOT NULL OR EXISTS (SELECT 1 FROM chapters ch WHERE ch.episode_id = e.id)
        OR EXISTS (SELECT 1 FROM questions q WHERE q.answer_episode_id = e.id AND q.status = 'approved')) AS has_chapters,
    """ + QuestionSql.ANSWERED + """

    FROM episodes e
    JOIN LATERAL (SELECT r.audio_key, r.poster_key, r.duration_seconds, r.chapters_key FROM recordings r
                  WHERE r.episode_id = e.id AND r.status = 'archived' ORDER BY r.id DESC LIMIT 1) rec ON true
    WHERE e.room_id = $1 AND ($2::bigint IS NULL OR e.column_id = $2) AND e.status <> 'cancelled'
    ORDER BY e.starts_at DESC, e.id DESC LIMIT 300""";
}
