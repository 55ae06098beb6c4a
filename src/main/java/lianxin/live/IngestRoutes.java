package lianxin.live;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.Pool;
import java.security.MessageDigest;
import java.util.Set;
import java.util.function.UnaryOperator;
import lianxin.auth.Access;
import lianxin.auth.User;
import lianxin.db.Tx;
import lianxin.http.ApiException;
import lianxin.http.Bodies;
import lianxin.http.Fields;
import lianxin.http.Replies;

/**
 * A room's ingest for its managers (its hosts, officials above it, admins): the address and stream key to put in
 * OBS, rotating the key, and what a publish outside every episode's window does.
 */
final class IngestRoutes {

  private static final Set<String> UNSCHEDULED = Set.of("episode", "refuse");
  private static final String ROOM_EXISTS = "SELECT 1 FROM rooms WHERE id = $1";

  private final Pool pool;
  /** The publish address for the host name a request came in on. */
  private final UnaryOperator<String> url;
  private volatile StreamKeys keys;

  IngestRoutes(Pool pool, UnaryOperator<String> url) {
    this.pool = pool;
    this.url = url;
  }

  void keys(StreamKeys keys) {
    this.keys = keys;
  }

  void mount(Router router) {
    router.get("/api/rooms/:id/ingest").handler(this::get);
    Bodies.json(router.post("/api/rooms/:id/ingest/rotate")).handler(this::rotate);
    Bodies.json(router.patch("/api/rooms/:id/ingest")).handler(this::patch);
  }

  /** {@code {url, streamKey, unscheduled, live}}; the room's key is made on the first ask. */
  private void get(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "room");
    User user = Access.require(ctx);
    reply(ctx, id, Tx.as(pool, user, conn -> allowed(conn, user, id)
      .compose(v -> {
        byte[] nonce = StreamKeys.nonce();
        return conn.preparedQuery(LiveSql.CREATE).execute(Tuple.of(id, Buffer.buffer(nonce), hash(id, nonce)));
      })
      .compose(v -> ingest(conn, id))));
  }

  /** A new key; the old one is refused from now on (a publisher already connected with it stays on). */
  private void rotate(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "room");
    User user = Access.require(ctx);
    reply(ctx, id, Tx.as(pool, user, conn -> allowed(conn, user, id)
      .compose(v -> {
        byte[] nonce = StreamKeys.nonce();
        Buffer hash = hash(id, nonce);
        return conn.preparedQuery(LiveSql.CREATE).execute(Tuple.of(id, Buffer.buffer(nonce), hash))
          .compose(created -> created.rowCount() > 0 ? Future.succeededFuture()
            : conn.preparedQuery(LiveSql.ROTATE).execute(Tuple.of(id, Buffer.buffer(nonce), hash)).mapEmpty());
      })
      .compose(v -> ingest(conn, id))));
  }

  /** {@code {unscheduled: "episode" | "refuse"}}. */
  private void patch(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "room");
    User user = Access.require(ctx);
    JsonObject body = Fields.only(Fields.body(ctx), "unscheduled");
    String unscheduled = Fields.text(body, "unscheduled", 20);
    if (!UNSCHEDULED.contains(unscheduled)) {
      throw ApiException.invalid("unscheduled", "unscheduled 须为 episode（开一期临时直播）或 refuse（拒绝推流）。",
        "unscheduled must be episode (an unscheduled episode) or refuse (refuse the stream).");
    }
    reply(ctx, id, Tx.as(pool, user, conn -> allowed(conn, user, id)
      .compose(v -> {
        byte[] nonce = StreamKeys.nonce();
        return conn.preparedQuery(LiveSql.CREATE).execute(Tuple.of(id, Buffer.buffer(nonce), hash(id, nonce)));
      })
      .compose(v -> conn.preparedQuery(LiveSql.UNSCHEDULED).execute(Tuple.of(id, unscheduled)))
      .compose(v -> ingest(conn, id))));
  }

  private Future<Void> allowed(SqlConnection conn, User user, long id) {
    return conn.preparedQuery(ROOM_EXISTS).execute(Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) {
        throw ApiException.notFound("room", id);
      }
      return Access.room(conn, user, id);
    });
  }

  /** The room's key row, and its live session's row when one is going on (null otherwise). */
  private record Ingest(Row key, Row live) {
  }

  private Future<Ingest> ingest(SqlConnection conn, long id) {
    return conn.preparedQuery(LiveSql.INGEST).execute(Tuple.of(id)).map(rows -> rows.iterator().next())
      .compose(key -> conn.preparedQuery(LiveSql.LIVE_HEALTH).execute(Tuple.of(id))
        .map(rows -> new Ingest(key, rows.size() == 0 ? null : rows.iterator().next())));
  }

  /**
   * While a session goes on: its episode, whether the publisher is connected, and the stream's health as the
   * publishing node last measured it (null until it has a few seconds of stream).
   */
  private static JsonObject live(Row s) {
    if (s == null) {
      return null;
    }
    Object health = s.getValue("health");
    return new JsonObject().put("episodeId", s.getLong("episode_id")).put("publishing", s.getBoolean("publishing"))
      .put("health", health instanceof JsonObject h ? h : null)
      .put("measuredAt", s.getOffsetDateTime("health_at") == null ? null : s.getOffsetDateTime("health_at").toString());
  }

  private void reply(RoutingContext ctx, long id, Future<Ingest> ingest) {
    ingest.map(in -> {
      Row r = in.key();
      byte[] nonce = r.getBuffer("nonce").getBytes();
      String key = keys.key(id, nonce);
      if (!MessageDigest.isEqual(StreamKeys.hash(key), r.getBuffer("key_hash").getBytes())) {
        // Made under another SECRET_KEY (it changed, or this node's differs from the others'): showing this one
        // would hand out a key that is refused.
        throw ApiException.conflict("推流码是用另一个 SECRET_KEY 生成的，请换一个新的推流码。",
          "The stream key was made with another SECRET_KEY; rotate it to get a working one.");
      }
      return new JsonObject()
        .put("url", url.apply(ctx.request().authority() == null ? "localhost" : ctx.request().authority().host()))
        .put("streamKey", key)
        .put("unscheduled", r.getString("unscheduled"))
        .put("live", live(in.live()));
    })
      .onSuccess(json -> {
        ctx.response().putHeader("cache-control", "no-store");
        Replies.ok(ctx, json);
      })
      .onFailure(ctx::fail);
  }

  private Buffer hash(long id, byte[] nonce) {
    return Buffer.buffer(StreamKeys.hash(keys.key(id, nonce)));
  }
}
