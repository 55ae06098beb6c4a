package lianxin.schedule;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import lianxin.auth.Access;
import lianxin.http.ApiException;
import lianxin.http.Bodies;
import lianxin.http.Fields;
import lianxin.http.Replies;

/** Going live, ending and cancelling: the steps of an episode's life, each allowed from one status only. */
final class Lifecycle {

  private final RoomWrites writes;

  Lifecycle(RoomWrites writes) {
    this.writes = writes;
  }

  void mount(Router router) {
    Bodies.json(router.post("/api/episodes/:id/start")).handler(this::start);
    Bodies.json(router.post("/api/episodes/:id/end")).handler(this::end);
    Bodies.json(router.post("/api/episodes/:id/cancel")).handler(this::cancel);
  }

  private void start(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "episode");
    step(ctx, id, writes.onEpisode(Access.require(ctx), id, (conn, current) -> {
      require(current, "scheduled", "开播", "go live");
      return conn.preparedQuery(EpisodeSql.START).execute(Tuple.of(id))
        .compose(v -> Numbering.renumber(conn, current.roomId()));
    }).recover(e -> Future.failedFuture(anotherLive(e))));
  }

  private void end(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "episode");
    step(ctx, id, writes.onEpisode(Access.require(ctx), id, (conn, current) -> {
      require(current, "live", "结束", "end");
      return conn.preparedQuery(EpisodeSql.END).execute(Tuple.of(id)).mapEmpty();
    }));
  }

  private void cancel(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "episode");
    JsonObject body = Fields.body(ctx);
    String reason = Fields.paragraph(body, "reason", 500);
    boolean following = Scope.following(body);
    step(ctx, id, writes.onEpisode(Access.require(ctx), id, (conn, current) -> {
      require(current, "scheduled", "取消", "cancel");
      if (following && current.seriesId() == null) {
        throw Scope.notInSeries();
      }
      Future<List<Long>> targets = following
        ? conn.preparedQuery(EpisodeSql.FOLLOWING).execute(Tuple.of(current.seriesId(), current.startsAt(), current.id()))
            .map(rows -> { List<Long> ids = new java.util.ArrayList<>(); rows.forEach(r -> ids.add(r.getLong("id"))); return ids; })
        : Future.succeededFuture(List.of(id));
      return targets
        .compose(ids -> conn.preparedQuery(EpisodeSql.CANCEL).executeBatch(ids.stream().map(t -> Tuple.of(t, reason)).toList()))
        .compose(v -> Numbering.renumber(conn, current.roomId()));
    }));
  }

  private void step(RoutingContext ctx, long id, Future<Void> change) {
    change.compose(v -> writes.pool().preparedQuery(EpisodeSql.ONE).execute(Tuple.of(id)))
      .onSuccess(rows -> Replies.ok(ctx, Episode.toJson(rows.iterator().next())))
      .onFailure(ctx::fail);
  }

  private static void require(Current current, String status, String verbZh, String verb) {
    if (!current.status().equals(status)) {
      throw ApiException.conflict("节目当前状态为「" + Statuses.zh(current.status()) + "」，不能" + verbZh + "。",
        "An episode that is " + current.status() + " cannot " + verb + ".", new JsonArray());
    }
  }

  private static Throwable anotherLive(Throwable e) {
    if (e instanceof PgException pg && "episodes_one_live_per_room".equals(pg.getConstraint())) {
      return ApiException.conflict("这个直播间已有一期节目在直播，请先结束它。", "Another episode of this room is live; end it first.",
        new JsonArray());
    }
    return e;
  }

  /** Status names as hosts read them. */
  static final class Statuses {
    private Statuses() {
    }

    static String zh(String status) {
      return switch (status) {
        case "scheduled" -> "计划中";
        case "live" -> "直播中";
        case "ended" -> "已结束";
        case "cancelled" -> "已取消";
        default -> status;
      };
    }
  }
}
