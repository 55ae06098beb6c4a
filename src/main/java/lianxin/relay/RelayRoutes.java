package lianxin.relay;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import lianxin.auth.Access;
import lianxin.auth.User;
import lianxin.db.Tx;
import lianxin.http.ApiException;
import lianxin.http.Bodies;
import lianxin.http.Fields;
import lianxin.http.Lang;
import lianxin.http.Replies;
import lianxin.http.Times;
import lianxin.net.AllowList;

/**
 * A room's relay targets (its hosts, the officials above it and admins: the people who run its shows) and how each
 * push of an episode is going. Push URLs come back masked only.
 */
record RelayRoutes(Pool pool, Sealer sealer, AllowList allow) {

  void mount(Router router) {
    router.get("/api/rooms/:id/relays").handler(this::list);
    Bodies.json(router.put("/api/rooms/:id/relays")).handler(this::replace);
    router.get("/api/episodes/:id/relays").handler(this::ofEpisode);
  }

  private void list(RoutingContext ctx) {
    User user = Access.require(ctx);
    long room = Fields.pathId(ctx, "id", "room");
    pool.withConnection(conn -> lockOrFind(conn, RoomCheck.READ, room)
        .compose(v -> Access.room(conn, user, room))
        .compose(v -> targets(conn, room)))
      .onSuccess(items -> Replies.ok(ctx, new JsonObject().put("items", items)))
      .onFailure(ctx::fail);
  }

  private void replace(RoutingContext ctx) {
    User user = Access.require(ctx);
    long room = Fields.pathId(ctx, "id", "room");
    List<RelayInput> inputs = RelayInput.parse(ctx);
    // The allow-list resolves names: off the event loop, before the transaction.
    Future<Void> checked = Future.succeededFuture();
    for (int i = 0; i < inputs.size(); i++) {
      RelayInput input = inputs.get(i);
      String field = "relays[" + i + "].pushUrl";
      if (input.pushUrl() != null) {
        checked = checked.compose(v -> allow.check(ctx.vertx(), field, input.pushUrl()));
      }
    }
    checked.compose(ok -> Tx.as(pool, user, conn -> lockOrFind(conn, RoomCheck.LOCK, room)
        .compose(v -> Access.room(conn, user, room))
        .compose(v -> write(conn, room, inputs))
        .compose(v -> targets(conn, room))))
      .onSuccess(items -> Replies.ok(ctx, new JsonObject().put("items", items)))
      .onFailure(ctx::fail);
  }

  private void ofEpisode(RoutingContext ctx) {
    User user = Access.require(ctx);
    long episode = Fields.pathId(ctx, "id", "episode");
    Lang lang = Lang.of(ctx);
    Access.episode(pool, user, episode)
      .compose(room -> pool.preparedQuery(RelaySql.OF_EPISODE).execute(Tuple.of(episode)))
      .map(rows -> {
        JsonArray items = new JsonArray();
        for (Row r : rows) {
          items.add(new JsonObject()
            .put("targetId", r.getLong("id"))
            .put("platform", r.getString("platform"))
            .put("pushUrl", r.getString("push_masked"))
            .put("enabled", r.getBoolean("enabled"))
            .put("state", r.getString("state"))
            .put("error", lang == Lang.EN && r.getString("error_en") != null ? r.getString("error_en") : r.getString("error"))
            .put("attempts", r.getInteger("attempts") == null ? 0 : r.getInteger("attempts"))
            .put("bitrateKbps", r.getInteger("bitrate_kbps"))
            .put("bytes", r.getLong("bytes") == null ? 0 : r.getLong("bytes"))
            .put("since", r.getOffsetDateTime("since") == null ? null : Times.format(r.getOffsetDateTime("since"), java.time.ZoneOffset.UTC))
            .put("node", r.getString("node")));
        }
        return new JsonObject().put("episodeId", episode).put("items", items);
      })
      .onSuccess(body -> Replies.ok(ctx, body))
      .onFailure(ctx::fail);
  }

  private enum RoomCheck { READ, LOCK }

  /** 404 when there is no such room; with LOCK the room's row is held, so two lists written at once do not mix. */
  private static Future<Void> lockOrFind(SqlConnection conn, RoomCheck check, long room) {
    String sql = check == RoomCheck.LOCK ? RelaySql.LOCK_ROOM : "SELECT id FROM rooms WHERE id = $1";
    return conn.preparedQuery(sql).execute(Tuple.of(room)).map(rows -> {
      if (rows.size() == 0) {
        throw ApiException.notFound("room", room);
      }
      return null;
    });
  }

  /** The new list in place of the old: kept targets updated by id, new ones inserted, the rest deleted. */
  private Future<Void> write(SqlConnection conn, long room, List<RelayInput> inputs) {
    List<Long> kept = inputs.stream().map(RelayInput::id).filter(java.util.Objects::nonNull).toList();
    Future<Void> done = conn.preparedQuery(RelaySql.DELETE_OTHERS).execute(Tuple.tuple().addLong(room).addArrayOfLong(kept.toArray(Long[]::new))).mapEmpty();
    for (int i = 0; i < inputs.size(); i++) {
      RelayInput in = inputs.get(i);
      int position = i;
      String masked = in.pushUrl() == null ? null : PushUrls.masked(in.pushUrl());
      String sealed = in.pushUrl() == null ? null : sealer.seal(in.pushUrl().toString(), room);
      if (in.id() == null) {
        done = done.compose(v -> conn.preparedQuery(RelaySql.INSERT)
          .execute(Tuple.of(room, in.platform(), masked, sealed, in.enabled(), position)).mapEmpty());
      } else {
        done = done.compose(v -> conn.preparedQuery(RelaySql.UPDATE)
          .execute(Tuple.of(in.id(), in.platform(), masked, sealed, in.enabled(), position, room))
          .map(rows -> {
            if (rows.rowCount() == 0) {
              throw ApiException.invalid("relays[" + position + "].id", "这个直播间没有推流目标 " + in.id() + "。",
                "This room has no relay target " + in.id() + ".");
            }
            return null;
          }));
      }
    }
    return done;
  }

  private static Future<JsonArray> targets(SqlConnection conn, long room) {
    return conn.preparedQuery(RelaySql.TARGETS).execute(Tuple.of(room)).map(rows -> {
      JsonArray list = new JsonArray();
      rows.forEach(r -> list.add(RelayTarget.from(r).json()));
      return list;
    });
  }
}
