package lianxin.search;

import lianxin.media.MediaUrls;

/** Search's SQL: documents, the queue, suggestions, transcripts and chapters. */
final class SearchSql {

  private SearchSql() {
  }

  /** Leases a batch of queued episodes (committed at once); other indexers skip them while the lease lasts. */
  static final String CLAIM = """
    UPDATE search_queue SET claimed_until = now() + interval '60 seconds' WHERE episode_id IN
      (SELECT episode_id FROM search_queue WHERE claimed_until IS NULL OR claimed_until < now()
       ORDER BY episode_id LIMIT $1 FOR UPDATE SKIP LOCKED)
    RETURNING episode_id, claimed_until""";

  /** Done with a batch: rows queued again since the claim (their lease cleared) stay for the next round. */
  static final String DONE = "DELETE FROM search_queue WHERE episode_id = ANY($1) AND claimed_until = $2";

  /**
   * Per-episode advisory locks held to the end of the transaction, taken in id order by whoever rebuilds documents.
   * Schedule writes never take them, so they never wait on indexing.
   */
  static final String LOCK_DOCS = """
    SELECT pg_advisory_xact_lock(hashtextextended('search_doc', e)) FROM unnest($1::bigint[]) AS e ORDER BY e""";

  /** What an episode's document is made of. */
  static final String SOURCES = """
    SELECT e.id, e.room_id, e.column_id, r.org_id, e.starts_at, e.status, e.title, e.description, e.number,
      r.name AS room_name, c.name AS column_name,
      (SELECT string_agg(p.name, ' ' ORDER BY p.id) FROM episode_people ep JOIN people p ON p.id = ep.person_id
        WHERE ep.episode_id = e.id) AS people,
      (SELECT string_agg(ch.title, ' ' ORDER BY ch.seq) FROM chapters ch WHERE ch.episode_id = e.id) AS chapters,
      (SELECT sd.words FROM search_docs sd WHERE sd.episode_id = e.id) AS old_words
    FROM episodes e JOIN rooms r ON r.id = e.room_id LEFT JOIN columns c ON c.id = e.column_id
    WHERE e.id = ANY($1) ORDER BY e.id""";

  static final String UPSERT_DOC = """
    INSERT INTO search_docs (episode_id, room_id, column_id, org_id, starts_at, words, title_terms, head)
    SELECT $1, $2, $3, $4, $5, $6, v.a, v.a || v.b || v.c
    FROM (SELECT setweight(to_tsvector('simple', $7), 'A') AS a, setweight(to_tsvector('simple', $8), 'B') AS b,
                 setweight(to_tsvector('simple', $9), 'C') AS c) v
    ON CONFLICT (episode_id) DO UPDATE SET room_id = excluded.room_id, column_id = excluded.column_id,
      org_id = excluded.org_id, starts_at = excluded.starts_at, words = excluded.words,
      title_terms = excluded.title_terms, head = excluded.head""";

  static final String DELETE_DOC = "DELETE FROM search_docs WHERE episode_id = $1";

  /**
   * After the documents of {@code $1} were written: their transcripts' copies of room, column, org and start (NULL
   * without a document), which transcript-only searches filter and order by. Rows already equal are left alone.
   */
  static final String COPY_FILTERS = """
    UPDATE transcript_terms t SET room_id = d.room_id, column_id = d.column_id, org_id = d.org_id, starts_at = d.starts_at
    FROM unnest($1::bigint[]) AS e (id) LEFT JOIN search_docs d ON d.episode_id = e.id
    WHERE t.episode_id = e.id
      AND (t.room_id, t.column_id, t.org_id, t.starts_at) IS DISTINCT FROM (d.room_id, d.column_id, d.org_id, d.starts_at)""";

  /** Adds (or with negative counts takes back) word counts; sorted input keeps concurrent writers deadlock-free. */
  static final String COUNT_TERMS = """
    INSERT INTO search_terms (term, episodes)
    SELECT term, n FROM unnest($1::text[], $2::int[]) AS t (term, n) ORDER BY term
    ON CONFLICT (term) DO UPDATE SET episodes = greatest(0, search_terms.episodes + excluded.episodes)""";

  static final String SUGGEST_TERMS = """
    SELECT term, episodes FROM search_terms
    WHERE term COLLATE "C" >= $1 AND term COLLATE "C" < $2 AND episodes > 0
    ORDER BY episodes DESC, term LIMIT $3""";

  static final String SUGGEST_ROOMS = """
    SELECT id, name FROM rooms WHERE strpos(name, $1) > 0 ORDER BY strpos(name, $1), length(name), id LIMIT $2""";

  static final String SUGGEST_COLUMNS = """
    SELECT c.id, c.name, c.room_id, r.name AS room_name FROM columns c JOIN rooms r ON r.id = c.room_id
    WHERE strpos(c.name, $1) > 0 ORDER BY strpos(c.name, $1), length(c.name), c.id LIMIT $2""";


  /** NO KEY UPDATE: the search document's reference to the episode (a key-share lock) need not wait for it. */
  static final String LOCK_EPISODE = "SELECT room_id FROM episodes WHERE id = $1 FOR NO KEY UPDATE";

  static final String DELETE_TRANSCRIPT = "DELETE FROM transcripts WHERE episode_id = $1";

  static final String INSERT_TRANSCRIPT = """
    INSERT INTO transcripts (episode_id, room_id, source, format, cue_count) VALUES ($1, $2, $3, $4, $5)""";

  static final String INSERT_CUES = """
    INSERT INTO transcript_cues (episode_id, seq, start_ms, end_ms, text, terms)
    SELECT $1, s, st, en, tx, to_tsvector('simple', tm)
    FROM unnest($2::int[], $3::bigint[], $4::bigint[], $5::text[], $6::text[]) AS c (s, st, en, tx, tm)""";

  /** The filter columns are copied by {@link Documents#index}, which {@link Transcripts#replace} runs next. */
  static final String INSERT_TRANSCRIPT_TERMS = """
    INSERT INTO transcript_terms (episode_id, terms) VALUES ($1, setweight(to_tsvector('simple', $2), 'D'))""";

  static final String CUES = "SELECT start_ms, end_ms, text FROM transcript_cues WHERE episode_id = $1 ORDER BY seq";

  static final String TRANSCRIPT_SOURCE = "SELECT source FROM transcripts WHERE episode_id = $1 FOR UPDATE";

  static final String TRANSCRIPT_EXISTS = "SELECT cue_count FROM transcripts WHERE episode_id = $1";

  /** The cues of the top results that say what was searched for, earliest first, a few per episode. */
  static final String MATCHING_CUES = """
    SELECT episode_id, start_ms, end_ms, text FROM (
      SELECT c.episode_id, c.start_ms, c.end_ms, c.text,
        row_number() OVER (PARTITION BY c.episode_id ORDER BY c.seq) AS n
      FROM transcript_cues c WHERE c.episode_id = ANY($1) AND c.terms @@ $2::text::tsquery) x
    WHERE n <= $3 ORDER BY episode_id, start_ms""";

  static final String DELETE_CHAPTERS = "DELETE FROM chapters WHERE episode_id = $1";

  static final String INSERT_CHAPTERS = """
    INSERT INTO chapters (episode_id, room_id, seq, start_ms, title)
    SELECT $1, $2, s, st, t FROM unnest($3::int[], $4::bigint[], $5::text[]) AS c (s, st, t)""";

  static final String CHAPTERS = "SELECT start_ms, title FROM chapters WHERE episode_id = $1 ORDER BY seq";

  /** The archive's chapter candidates and duration, for an episode whose host has not edited chapters yet. */
  static final String ARCHIVE = """
    SELECT chapters_key, duration_seconds FROM recordings
    WHERE episode_id = $1 AND status = 'archived' ORDER BY id DESC LIMIT 1""";

  static final String EPISODE_EXISTS = "SELECT 1 FROM episodes WHERE id = $1";

  /** What a result shows of its episode. */
  static final String EPISODES = """
    SELECT e.id, e.room_id, r.name AS room_name, r.timezone, e.column_id, c.name AS column_name, e.title,
      e.description, e.starts_at, e.ends_at, e.status, e.number,
      coalesce((SELECT json_agg(json_build_object('id', p.id, 'name', p.name) ORDER BY p.id) FROM episode_people ep
        JOIN people p ON p.id = ep.person_id WHERE ep.episode_id = e.id AND ep.role = 'host'), '[]') AS hosts,
      -- The replay as an episode's own answer gives it (the same fields the pages read).
      (SELECT json_build_object('recordingId', rec.id, 'durationSeconds', rec.duration_seconds, 'kind', rec.kind,
          'media', json_build_object('poster', """ + MediaUrls.sql("rec.poster_key") + ", 'master', "
            + MediaUrls.sql("rec.master_key") + ", 'audio', " + MediaUrls.sql("rec.audio_key") + """
        ))
        FROM recordings rec WHERE rec.episode_id = e.id AND rec.status = 'archived' ORDER BY rec.id DESC LIMIT 1) AS archive,
      (SELECT string_agg(ch.title, ' · ' ORDER BY ch.seq) FROM chapters ch WHERE ch.episode_id = e.id) AS chapter_titles
    FROM episodes e JOIN rooms r ON r.id = e.room_id LEFT JOIN columns c ON c.id = e.column_id
    WHERE e.id = ANY($1)""";
}
