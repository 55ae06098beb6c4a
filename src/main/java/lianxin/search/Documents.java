package lianxin.search;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds episodes' search documents inside the caller's transaction: the Java side segments the text, PostgreSQL
 * stores {@code to_tsvector('simple', ...)} of the terms with their weights, and the suggestion counts and the
 * transcripts' copies of the documents' filter columns follow.
 */
final class Documents {

  private Documents() {
  }

  /**
   * (Re)indexes {@code ids}: cancelled or deleted episodes lose their document. The episodes' index locks come first,
   * in a statement of their own: the background indexer and a transcript or chapter upload take turns, and the one
   * that waited reads the sources (a new snapshot) only after the other committed, so neither can overwrite the
   * other's newer document with an older one.
   */
  static Future<Integer> index(SqlClient conn, List<Long> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(0);
    }
    Tuple idArray = Tuple.of(ids.toArray(Long[]::new));
    return conn.preparedQuery(SearchSql.LOCK_DOCS).execute(idArray)
      .compose(locked -> conn.preparedQuery(SearchSql.SOURCES).execute(idArray))
      // Segmenting a batch of titles and descriptions takes milliseconds: off the event loop.
      .compose(rows -> Vertx.currentContext().executeBlocking(() -> build(rows), false))
      .compose(b -> write(conn, b))
      .compose(v -> conn.preparedQuery(SearchSql.COPY_FILTERS).execute(idArray))
      .map(ids.size());
  }

  /** What one batch writes. */
  private record Batch(List<Tuple> upserts, List<Tuple> deletes, Map<String, Integer> delta) {
  }

  private static Batch build(RowSet<Row> rows) {
    List<Tuple> upserts = new ArrayList<>();
    List<Tuple> deletes = new ArrayList<>();
    Map<String, Integer> delta = new TreeMap<>();
    for (Row row : rows) {
      String[] old = row.getArrayOfStrings("old_words");
      if (old != null) {
        for (String w : old) {
          delta.merge(w, -1, Integer::sum);
        }
      }
      if ("cancelled".equals(row.getString("status"))) {
        deletes.add(Tuple.of(row.getLong("id")));
        continue;
      }
      Set<String> words = Terms.words(row.getString("title"));
      words.addAll(Terms.words(row.getString("column_name")));
      words.addAll(Terms.words(row.getString("people")));
      words.addAll(Terms.words(row.getString("chapters")));
      for (String w : words) {
        delta.merge(w, 1, Integer::sum);
      }
      Integer number = row.getInteger("number");
      String title = row.getString("title") + (number == null ? "" : " 第" + number + "期");
      upserts.add(Tuple.of(row.getLong("id"), row.getLong("room_id"), row.getLong("column_id"), row.getLong("org_id"),
          row.getOffsetDateTime("starts_at"), (Object) words.toArray(String[]::new))
        .addString(text(title))
        .addString(text(row.getString("column_name"), row.getString("room_name"), row.getString("people")))
        .addString(text(row.getString("chapters"), row.getString("description"))));
    }
    delta.values().removeIf(n -> n == 0);
    return new Batch(upserts, deletes, delta);
  }

  private static Future<Void> write(SqlClient conn, Batch b) {
    List<Tuple> upserts = b.upserts();
    List<Tuple> deletes = b.deletes();
    Map<String, Integer> delta = b.delta();
    Future<?> done = Future.succeededFuture();
    if (!deletes.isEmpty()) {
      done = done.compose(v -> conn.preparedQuery(SearchSql.DELETE_DOC).executeBatch(deletes));
    }
    if (!upserts.isEmpty()) {
      done = done.compose(v -> conn.preparedQuery(SearchSql.UPSERT_DOC).executeBatch(upserts));
    }
    if (!delta.isEmpty()) {
      done = done.compose(v -> conn.preparedQuery(SearchSql.COUNT_TERMS).execute(Tuple.of(
        delta.keySet().toArray(String[]::new), (Object) delta.values().toArray(Integer[]::new))));
    }
    return done.mapEmpty();
  }

  /** The space-separated terms of some texts: what {@code to_tsvector('simple', ...)} reads. */
  static String text(String... texts) {
    StringBuilder out = new StringBuilder();
    for (String t : texts) {
      for (String term : Terms.index(t)) {
        out.append(term).append(' ');
      }
    }
    return out.toString();
  }
}
