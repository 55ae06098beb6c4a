package lianxin.search;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Replacing an episode's transcript inside the caller's transaction: the cues (each with its own terms), the
 * transcript's distinct terms for the episode's document, and the document itself, so the words are searchable
 * the moment the transaction commits.
 */
public final class Transcripts {

  private Transcripts() {
  }

  /** The cues, segmented: heavy for long transcripts, so callers build this off the event loop. */
  public record Prepared(List<Subtitles.Cue> cues, String format, Integer[] seqs, Long[] starts, Long[] ends,
                         String[] texts, String[] terms, String distinct) {
  }

  public static Prepared prepare(List<Subtitles.Cue> cues, String format) {
    int n = cues.size();
    Integer[] seqs = new Integer[n];
    Long[] starts = new Long[n];
    Long[] ends = new Long[n];
    String[] texts = new String[n];
    String[] terms = new String[n];
    // Each cue is segmented once: its terms, and the transcript's distinct terms in order of first use (found by
    // them, ranked low: weight D).
    Set<String> distinct = new LinkedHashSet<>();
    for (int i = 0; i < n; i++) {
      Subtitles.Cue c = cues.get(i);
      seqs[i] = i + 1;
      starts[i] = c.startMs();
      ends[i] = c.endMs();
      texts[i] = c.text();
      terms[i] = Documents.text(c.text());
      distinct.addAll(Arrays.asList(terms[i].split(" ")));
    }
    distinct.remove("");
    return new Prepared(cues, format, seqs, starts, ends, texts, terms, String.join(" ", distinct));
  }

  /** Replaces the transcript of an episode of {@code roomId} (the caller has locked and checked the episode). */
  public static Future<Void> replace(SqlConnection conn, long episodeId, long roomId, String source, Prepared p) {
    // The episode's index lock before the old transcript's rows: an indexer holding it updates those rows (their
    // copy of the document's filters), so taking it only in Documents.index below could deadlock with it.
    return conn.preparedQuery(SearchSql.LOCK_DOCS).execute(Tuple.of((Object) new Long[] {episodeId}))
      .compose(v -> conn.preparedQuery(SearchSql.DELETE_TRANSCRIPT).execute(Tuple.of(episodeId)))
      .compose(v -> conn.preparedQuery(SearchSql.INSERT_TRANSCRIPT)
        .execute(Tuple.of(episodeId, roomId, source, p.format(), p.cues().size())))
      .compose(v -> conn.preparedQuery(SearchSql.INSERT_CUES)
        .execute(Tuple.of(episodeId, p.seqs(), p.starts(), p.ends(), p.texts(), (Object) p.terms())))
      .compose(v -> conn.preparedQuery(SearchSql.INSERT_TRANSCRIPT_TERMS).execute(Tuple.of(episodeId, p.distinct())))
      // The transcript is searched through the episode's document (its room, dates, filters): an episode created a
      // moment ago may still wait for the indexer, so its document is made now, and the words are found as soon as
      // the upload answers.
      .compose(v -> Documents.index(conn, List.of(episodeId)))
      .mapEmpty();
  }

  /**
   * From a job thread (blocking): a subtitle track found in the recording becomes the transcript, unless the host
   * has uploaded one. An empty or unreadable track is left out; the archive does not fail for it.
   */
  public static void fromRecording(io.vertx.sqlclient.Pool pool, long episodeId, String vtt) {
    List<Subtitles.Cue> cues;
    try {
      cues = Subtitles.parse(vtt);
    } catch (Subtitles.Malformed e) {
      return;
    }
    Prepared p = prepare(cues, "vtt");
    pool.withTransaction(conn -> conn.preparedQuery(SearchSql.LOCK_EPISODE).execute(Tuple.of(episodeId))
      .compose(rows -> rows.size() == 0 ? Future.succeededFuture()
        : conn.preparedQuery(SearchSql.TRANSCRIPT_SOURCE).execute(Tuple.of(episodeId)).compose(found -> {
          boolean uploaded = found.size() > 0 && "upload".equals(found.iterator().next().getString("source"));
          return uploaded ? Future.succeededFuture()
            : replace(conn, episodeId, rows.iterator().next().getLong("room_id"), "recording", p);
        }))).await();
  }
}
