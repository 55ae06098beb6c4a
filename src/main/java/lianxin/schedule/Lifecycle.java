package lianxin.schedule;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.List;
import lianxin.auth.Access;
import lianxin.http.ApiException;
import lianxin.http.Bodies;
import lianxin.http.Fields;
import lianxin.http.Replies;
import lianxin.http.Times;

/**
 * Going live, ending, cancelling and saying an episode did not air: the steps of an episode's life, each allowed from
 * the statuses it names only.
 */
final class Lifecycle {

  /** How long after its planned end (or after it was marked aired, if later) the host may say it did not air. */
  static final int NOT_AIRED_DAYS = 7;

  private final RoomWrites writes;

  Lifecycle(RoomWrites writes) {
    this.writes = writes;
  }

  void mount(Router router) {
    Bodies.json(router.post("/api/episodes/:id/start")).handler(this::start);
    Bodies.json(router.post("/api/episodes/:id/end")).handler(this::end);
    Bodies.json(router.post("/api/episodes/:id/cancel")).handler(this::cancel);
    Bodies.json(router.post("/api/episodes/:id/not-aired")).handler(this::notAired);
  }

  /** Until when the host may say an aired episode did not air. */
  static OffsetDateTime notAiredUntil(OffsetDateTime endsAt, OffsetDateTime airedAt) {
    return (airedAt == null || airedAt.isBefore(endsAt) ? endsAt : airedAt).plusDays(NOT_AIRED_DAYS);
  }

  private void start(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "episode");
    step(ctx, id, writes.onEpisode(Access.require(ctx), id, (conn, current) -> {
      // Marked aired by a recording or metrics while the host was about to press the button: still theirs to start.
      boolean lateStart = current.airedUnconfirmed() && current.actualStart() == null
        && OffsetDateTime.now().isBefore(current.endsAt().plus(writes.grace()));
      if (!lateStart) {
        require(current, "scheduled", "开播", "go live");
      }
      return conn.preparedQuery(EpisodeSql.START).execute(Tuple.of(id)).map(new JsonArray());
    }).recover(e -> Future.failedFuture(anotherLive(e))));
  }

  private void end(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "episode");
    step(ctx, id, writes.onEpisode(Access.require(ctx), id, (conn, current) -> {
      require(current, "live", "结束", "end");
      return conn.preparedQuery(EpisodeSql.END).execute(Tuple.of(id)).map(new JsonArray());
    }));
  }

  private void cancel(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "episode");
    JsonObject body = Fields.body(ctx);
    String reason = Fields.paragraph(body, "reason", 500);
    boolean following = Scope.following(body);
    boolean confirm = Fields.flag(body, "confirmRenumber");
    step(ctx, id, writes.onEpisode(Access.require(ctx), id, (conn, current) -> {
      require(current, "scheduled", "取消", "cancel");
      if (following && current.seriesId() == null) {
        throw Scope.notInSeries();
      }
      Future<List<Long>> targets = following
        ? conn.preparedQuery(EpisodeSql.FOLLOWING).execute(Tuple.of(current.seriesId(), current.startsAt(), current.id()))
            .map(rows -> { List<Long> ids = new java.util.ArrayList<>(); rows.forEach(r -> ids.add(r.getLong("id"))); return ids; })
        : Future.succeededFuture(List.of(id));
      return Numbering.guarded(conn, current.roomId(), confirm, () -> targets
        .compose(ids -> conn.preparedQuery(EpisodeSql.CANCEL).executeBatch(ids.stream().map(t -> Tuple.of(t, reason)).toList()))
        .compose(v -> Numbering.renumber(conn, current.roomId())))
        .map(Numbering.Guarded::renumbered);
    }));
  }

  /**
   * The host says an episode did not air after all (it was marked aired by the clock, a recording or metrics, or
   * went live by mistake): for {@link #NOT_AIRED_DAYS} days it can be cancelled with a reason. Its number is dropped;
   * planned episodes after it move down into the gap, which, as any change of a number residents have seen, needs
   * {@code confirmRenumber}. Aired episodes after it keep theirs, so the gap stays where one aired since.
   */
  private void notAired(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "episode");
    JsonObject body = Fields.body(ctx);
    String reason = Fields.paragraph(body, "reason", 500);
    boolean confirm = Fields.flag(body, "confirmRenumber");
    step(ctx, id, writes.onEpisode(Access.require(ctx), id, (conn, current) -> {
      OffsetDateTime now = OffsetDateTime.now();
      boolean begun = current.status().equals("scheduled") && !current.startsAt().isAfter(now);
      if (!begun && !current.status().equals("ended")) {
        throw ApiException.conflict("节目当前状态为「" + Statuses.zh(current.status()) + "」，只有已过开始时间或已结束的节目可以说明未播出。",
        "Only an episode whose start has passed, or that has ended, can be marked as not aired; this one is "
          + current.status() + ".", new JsonArray());
      }
      OffsetDateTime until = notAiredUntil(current.endsAt(), current.airedAt());
      if (current.status().equals("ended") && !now.isBefore(until)) {
        throw ApiException.conflict("已超过 " + NOT_AIRED_DAYS + " 天（截至 " + Times.format(until, current.zone())
          + "），不能再说明未播出。",
        "It is more than " + NOT_AIRED_DAYS + " days since this episode aired (until " + Times.format(until, current.zone()) + "); it can no longer be marked as not aired.", new JsonArray());
      }
      return Numbering.guarded(conn, current.roomId(), confirm, () -> conn.preparedQuery(EpisodeSql.CANCEL)
          .execute(Tuple.of(id, reason))
          .compose(v -> Numbering.renumber(conn, current.roomId())))
        .map(Numbering.Guarded::renumbered);
    }));
  }

  private void step(RoutingContext ctx, long id, Future<JsonArray> change) {
    change.compose(renumbered -> writes.pool().preparedQuery(EpisodeSql.ONE).execute(Tuple.of(id))
        .map(rows -> Episode.toJson(rows.iterator().next()).put("renumbered", renumbered)))
      .onSuccess(episode -> Replies.ok(ctx, episode))
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
