package lianxin.search;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import lianxin.http.ApiException;
import lianxin.media.MediaStore;
import lianxin.question.Answers;
import lianxin.question.QuestionSql;

/**
 * An episode's chapters: the host's, or else the archive pipeline's candidates (scene changes, pauses); with the
 * questions answered in it (民生问答) among them at their moments, titled 问：….
 */
record Chapters(Vertx vertx, Pool pool, MediaStore store) {

  /** Podcasting 2.0 chapters. */
  static final String JSON_TYPE = "application/json+chapters; charset=utf-8";

  /** @param source host, archive or none */
  record Listing(String source, List<Long> starts, List<String> titles, long endMs) {

    /** The Podcasting 2.0 chapters document, with where the chapters came from. */
    JsonObject json() {
      JsonArray items = new JsonArray();
      for (int i = 0; i < starts.size(); i++) {
        items.add(new JsonObject().put("startTime", starts.get(i) / 1000.0).put("title", titles.get(i)));
      }
      return new JsonObject().put("version", "1.2.0").put("source", source).put("chapters", items);
    }

    String vtt() {
      return Subtitles.chapters(starts, titles, endMs);
    }
  }

  Future<Listing> of(long episodeId) {
    return Future.all(own(episodeId), pool.preparedQuery(QuestionSql.ANSWERED_IN).execute(Tuple.of(episodeId)))
      .map(both -> withAnswers(both.resultAt(0), both.resultAt(1)));
  }

  /** The answered questions among the chapters, in time order (a question at the same moment as a chapter comes after it). */
  private static Listing withAnswers(Listing listing, io.vertx.sqlclient.RowSet<Row> answered) {
    if (answered.size() == 0) {
      return listing;
    }
    List<Long> starts = new ArrayList<>(listing.starts());
    List<String> titles = new ArrayList<>(listing.titles());
    for (Row q : answered) {
      long ms = q.getLong("answer_ms");
      int at = 0;
      while (at < starts.size() && starts.get(at) <= ms) {
        at++;
      }
      starts.add(at, ms);
      titles.add(at, Answers.chapterTitle(q.getString("text")));
    }
    // Without a known length (no archive yet), the last chapter lasts a minute.
    long endMs = Math.max(listing.endMs(), starts.get(starts.size() - 1) + 60_000);
    return new Listing(listing.source().equals("none") ? "questions" : listing.source(), starts, titles,
      listing.endMs() > starts.get(starts.size() - 1) ? listing.endMs() : endMs);
  }

  private Future<Listing> own(long episodeId) {
    return pool.preparedQuery(SearchSql.EPISODE_EXISTS).execute(Tuple.of(episodeId)).compose(found -> {
      if (found.size() == 0) {
        throw ApiException.notFound("episode", episodeId);
      }
      return Future.all(pool.preparedQuery(SearchSql.CHAPTERS).execute(Tuple.of(episodeId)),
        pool.preparedQuery(SearchSql.ARCHIVE).execute(Tuple.of(episodeId)));
    }).compose(both -> {
      io.vertx.sqlclient.RowSet<Row> own = both.resultAt(0);
      io.vertx.sqlclient.RowSet<Row> archive = both.resultAt(1);
      Row rec = archive.size() == 0 ? null : archive.iterator().next();
      long endMs = rec == null || rec.getDouble("duration_seconds") == null ? 0 : Math.round(rec.getDouble("duration_seconds") * 1000);
      if (own.size() > 0) {
        List<Long> starts = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        for (Row r : own) {
          starts.add(r.getLong("start_ms"));
          titles.add(r.getString("title"));
        }
        return Future.succeededFuture(new Listing("host", starts, titles, endMs));
      }
      if (rec == null || rec.getString("chapters_key") == null) {
        return Future.succeededFuture(new Listing("none", List.of(), List.of(), 0));
      }
      String key = rec.getString("chapters_key");
      return vertx.executeBlocking(() -> candidates(store.readText(key), endMs), false);
    });
  }

  private static Listing candidates(String vtt, long endMs) {
    if (vtt == null) {
      return new Listing("none", List.of(), List.of(), 0);
    }
    List<Long> starts = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    for (Subtitles.Cue c : Subtitles.parse(vtt)) {
      starts.add(c.startMs());
      titles.add(c.text());
    }
    return new Listing("archive", starts, titles, endMs);
  }
}
