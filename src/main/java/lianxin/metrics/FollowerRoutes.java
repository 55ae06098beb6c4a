package lianxin.metrics;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lianxin.auth.Access;
import lianxin.auth.User;
import lianxin.cache.ResponseCache;
import lianxin.db.Tx;
import lianxin.http.ApiException;
import lianxin.http.Bodies;
import lianxin.http.Fields;
import lianxin.http.Replies;

/** Follower snapshots per room and platform account, and the series officials read from them. */
public record FollowerRoutes(Pool pool, ResponseCache cache) {

  private static final long MAX_COUNT = 2_000_000_000L;

  public void mount(Router router) {
    Bodies.json(router.post("/api/rooms/:id/followers")).handler(this::add);
    router.get("/api/rooms/:id/followers").handler(this::series);
  }

  /** Where a room's series is read: its zone and its platform accounts. */
  private record RoomInfo(ZoneId zone, List<String> platforms) {
  }

  /** The room's hosts, officials above it and admins. */
  private void add(RoutingContext ctx) {
    User actor = Access.require(ctx);
    long roomId = Fields.pathId(ctx, "id", "room");
    JsonObject body = Fields.body(ctx);
    String platform = platform(body);
    long count = Fields.requiredLong(body, "count");
    if (count < 0 || count > MAX_COUNT) {
      throw ApiException.invalid("count", "count 应在 0 到 " + MAX_COUNT + " 之间。", "count must be from 0 to " + MAX_COUNT + ".");
    }
    OffsetDateTime at = body.getValue("at") == null ? OffsetDateTime.now() : Fields.instant(body, "at");
    if (at.isAfter(OffsetDateTime.now().plusMinutes(5))) {
      throw ApiException.invalid("at", "at 不能是将来的时间。", "at must not be in the future.");
    }
    room(roomId)
      .compose(room -> {
        if (!room.platforms().contains(platform)) {
          throw ApiException.invalid("platform", "这个直播间没有 " + platform + " 账号；先在直播间里添加它。",
        "The room has no " + platform + " account; add it to the room first.");
        }
        return Tx.as(pool, actor, conn -> Access.room(conn, actor, roomId)
          .compose(v -> conn.preparedQuery(FollowerSql.UPSERT).execute(Tuple.of(roomId, platform, at, count))));
      })
      .compose(v -> pool.preparedQuery(FollowerSql.LATEST).execute(Tuple.of(roomId)))
      .onSuccess(rows -> {
        cache.invalidate(String.valueOf(roomId));
        long total = rows.iterator().next().getLong("total");
        Replies.created(ctx, new JsonObject().put("roomId", roomId).put("platform", platform).put("count", count)
          .put("at", at.toString()).put("followers", total).put("followersLabel", Counts.label(total)));
      })
      .onFailure(ctx::fail);
  }

  private void series(RoutingContext ctx) {
    long roomId = Fields.pathId(ctx, "id", "room");
    Interval interval = Interval.param(ctx, Interval.DAY);
    LocalDate fromParam = Days.param(ctx, "from");
    LocalDate toParam = Days.param(ctx, "to");
    Days.ordered(fromParam, toParam);
    room(roomId).compose(room -> {
      LocalDate to = toParam != null ? toParam : LocalDate.now(room.zone());
      LocalDate from = interval.align(fromParam != null ? fromParam : interval.defaultFrom(to));
      List<LocalDate> starts = interval.starts(from, to);
      // Edge 1 is the start of the period; edge k+1 the end of bucket k.
      List<OffsetDateTime> edges = new ArrayList<>();
      edges.add(from.atStartOfDay(room.zone()).toOffsetDateTime());
      starts.forEach(s -> edges.add(interval.next(s).atStartOfDay(room.zone()).toOffsetDateTime()));
      return pool.preparedQuery(FollowerSql.AT_EDGES).execute(Tuple.tuple().addLong(roomId).addArrayOfOffsetDateTime(edges.toArray(OffsetDateTime[]::new)))
        .map(rows -> FollowerSeries.toJson(roomId, interval.name().toLowerCase(), room.zone(), from, to, starts, byEdge(rows)));
    }).onSuccess(json -> Replies.ok(ctx, json)).onFailure(ctx::fail);
  }

  private Future<RoomInfo> room(long roomId) {
    return pool.preparedQuery(FollowerSql.ROOM).execute(Tuple.of(roomId)).map(rows -> {
      if (rows.size() == 0) {
        throw ApiException.notFound("room", roomId);
      }
      Row row = rows.iterator().next();
      return new RoomInfo(ZoneId.of(row.getString("timezone")), List.of(row.getArrayOfStrings("platforms")));
    });
  }

  /** Edge index (1-based) → platform → last count before it; platforms with no reading yet are absent. */
  private static Map<Integer, Map<String, Long>> byEdge(Iterable<Row> rows) {
    Map<Integer, Map<String, Long>> values = new HashMap<>();
    for (Row row : rows) {
      Long count = row.getLong("count");
      if (count != null) {
        values.computeIfAbsent(row.getLong("idx").intValue(), k -> new java.util.TreeMap<>()).put(row.getString("platform"), count);
      }
    }
    return values;
  }

  private static String platform(JsonObject body) {
    String raw = Fields.text(body, "platform", 30);
    String code = Platforms.code(raw);
    if (code == null) {
      throw ApiException.invalid("platform", Platforms.unknown(raw));
    }
    return code;
  }
}
