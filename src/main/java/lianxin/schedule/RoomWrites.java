package lianxin.schedule;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import lianxin.auth.Access;
import lianxin.auth.User;
import lianxin.cache.ResponseCache;
import lianxin.db.Refusal;
import lianxin.db.Tx;
import lianxin.http.ApiException;

/**
 * Every schedule write runs here: in one transaction that holds the room's row lock (so numbering never
 * races), with the room's cached pages dropped on this node after commit; other nodes hear of it through the
 * change triggers. Before it commits, the room's planned episodes whose end and capture grace have passed are
 * marked aired ({@link AirSweep}), so an episode a write put in the past answers as aired at once.
 */
final class RoomWrites {

  private final Pool pool;
  private final ResponseCache cache;
  private final Duration grace;

  RoomWrites(Pool pool, ResponseCache cache, Duration grace) {
    this.pool = pool;
    this.cache = cache;
    this.grace = grace;
  }

  Pool pool() {
    return pool;
  }

  /** How long after its planned end an episode may still go live before it counts as aired ({@code CAPTURE_GRACE}). */
  Duration grace() {
    return grace;
  }

  <T> Future<T> inRoom(User actor, long roomId, BiFunction<SqlConnection, ZoneId, Future<T>> work) {
    return Tx.<T>as(pool, actor, conn -> lockRoom(conn, roomId)
        .compose(zone -> Access.room(conn, actor, roomId).compose(v -> work.apply(conn, zone)))
        .compose(result -> AirSweep.room(conn, roomId, grace).map(result)))
      .onSuccess(v -> cache.invalidate(String.valueOf(roomId)));
  }

  <T> Future<T> onEpisode(User actor, long episodeId, BiFunction<SqlConnection, Current, Future<T>> work) {
    // The room is checked again, inside the transaction, once its row is locked.
    return Access.roomOfEpisode(pool, episodeId)
      .compose(roomId -> inRoom(actor, roomId, (conn, zone) -> conn.preparedQuery(EpisodeSql.CURRENT).execute(Tuple.of(episodeId))
        .compose(current -> work.apply(conn, Current.from(current.iterator().next(), zone)))));
  }

  /** Turns PostgreSQL's refusal of an overlap (23P01) into a 409 that lists what is in the way. */
  <T> Future<T> explainOverlaps(Future<T> write, Supplier<Future<ApiException>> explain) {
    return write.recover(e -> Refusal.OVERLAP.matches(e)
      ? explain.get().compose(Future::failedFuture)
      : Future.failedFuture(e));
  }

  static Future<Void> checkRefs(SqlConnection conn, long roomId, Long columnId, List<Long> hostIds, List<Long> guestIds) {
    Future<Void> column = columnId == null ? Future.succeededFuture()
      : conn.preparedQuery(EpisodeSql.COLUMN_IN_ROOM).execute(Tuple.of(columnId, roomId)).map(rows -> {
        if (rows.size() == 0) {
          throw ApiException.invalid("columnId", "栏目 " + columnId + " 不属于这个直播间。", "Column " + columnId + " is not a column of this room.");
        }
        return null;
      });
    List<Long> everyone = new java.util.ArrayList<>(hostIds == null ? List.of() : hostIds);
    if (guestIds != null) {
      everyone.addAll(guestIds);
    }
    return column.compose(v -> everyone.isEmpty() ? Future.succeededFuture()
      : conn.preparedQuery(EpisodeSql.KNOWN_PEOPLE).execute(Tuple.of(everyone.toArray(Long[]::new))).map(rows -> {
        List<Long> known = new java.util.ArrayList<>();
        rows.forEach(row -> known.add(row.getLong("id")));
        List<Long> unknown = everyone.stream().filter(id -> !known.contains(id)).toList();
        if (!unknown.isEmpty()) {
          String field = hostIds != null && hostIds.stream().anyMatch(unknown::contains) ? "hostIds" : "guestIds";
          throw ApiException.invalid(field, "找不到这些人员：" + unknown + "。", "Unknown people: " + unknown + ".");
        }
        return null;
      }));
  }

  static Future<Void> setPeople(SqlConnection conn, long episodeId, List<Long> hostIds, List<Long> guestIds, boolean replace) {
    List<Tuple> rows = new java.util.ArrayList<>();
    hostIds.forEach(id -> rows.add(Tuple.of(episodeId, id, "host")));
    guestIds.forEach(id -> rows.add(Tuple.of(episodeId, id, "guest")));
    Future<?> cleared = replace ? conn.preparedQuery(EpisodeSql.DELETE_PEOPLE).execute(Tuple.of(episodeId)) : Future.succeededFuture();
    return cleared.compose(v -> rows.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(EpisodeSql.INSERT_PERSON).executeBatch(rows))
      .mapEmpty();
  }

  private static Future<ZoneId> lockRoom(SqlConnection conn, long roomId) {
    return conn.preparedQuery(EpisodeSql.LOCK_ROOM).execute(Tuple.of(roomId)).map(rows -> {
      if (rows.size() == 0) {
        throw ApiException.notFound("room", roomId);
      }
      return ZoneId.of(rows.iterator().next().getString("timezone"));
    });
  }
}
