package lianxin.archive;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import lianxin.auth.Access;
import lianxin.auth.User;
import lianxin.db.Tx;
import lianxin.http.ApiException;
import lianxin.http.Fields;
import lianxin.http.Replies;

/** Recordings: upload, state and live progress, retry, delete. */
final class ArchiveRoutes {

  private static final Logger LOG = Logger.getLogger(ArchiveRoutes.class.getName());
  private static final Set<String> TERMINAL = Set.of("archived", "failed", "deleted");

  private final Vertx vertx;
  private final Pool pool;
  private final MediaStore store;
  private final Uploads uploads;
  private final PullAllow allow;

  ArchiveRoutes(Vertx vertx, Pool pool, MediaStore store, long uploadLimit, PullAllow allow) {
    this.vertx = vertx;
    this.allow = allow;
    this.pool = pool;
    this.store = store;
    this.uploads = new Uploads(vertx, store, uploadLimit);
  }

  /** Before the JSON body handler: the upload streams its own body. */
  void mountUploads(Router router) {
    router.post("/api/episodes/:id/recordings").handler(this::upload);
  }

  void mount(Router router) {
    router.get("/api/recordings/:id").handler(this::get);
    router.get("/api/recordings/:id/events").handler(this::events);
    router.post("/api/recordings/:id/retry").handler(this::retry);
    router.delete("/api/recordings/:id").handler(this::delete);
  }

  private void upload(RoutingContext ctx) {
    long episodeId = Fields.pathId(ctx, "id", "episode");
    User user = Access.require(ctx);
    // The body stays paused (the authenticator paused it) until the caller is known to be allowed.
    pool.preparedQuery(ArchiveSql.ROOM_OF_EPISODE).execute(Tuple.of(episodeId))
      .compose(rows -> {
        if (rows.size() == 0) {
          throw ApiException.notFound("episode", episodeId);
        }
        return Access.room(pool, user, rows.iterator().next().getLong("room_id"));
      })
      .compose(v -> isJson(ctx) ? pullLater(ctx, user, episodeId) : received(ctx, user, episodeId))
      .onSuccess(body -> Replies.send(ctx, 202, body))
      .onFailure(ctx::fail);
  }

  /** An upload: the body is the recording, streamed to disk, then its row and job in one transaction. */
  private Future<JsonObject> received(RoutingContext ctx, User user, long episodeId) {
    uploads.checkHeaders(ctx.request());
    return uploads.receive(ctx.request())
      .compose(received -> Tx.as(pool, user, conn -> conn.preparedQuery(ArchiveSql.INSERT)
          .execute(Tuple.of(episodeId, "upload", name(received.name()), received.key(), received.sha256(), received.bytes()))
          .compose(rows -> {
            Row row = rows.iterator().next();
            return conn.preparedQuery(ArchiveSql.SCHEDULE).execute(Tuple.of(String.valueOf(row.getLong("id"))))
              .map(Uploads.accepted(row.getLong("id"), row.getString("status")).put("sha256", received.sha256())
                .put("bytes", received.bytes()));
          }))
        .recover(e -> deleteQuietly(received.key()).compose(v -> Future.failedFuture(e))));
  }

  /**
   * {@code {sourceUrl}}: the row and its job now, the pull itself in the job (stage {@code pull}), so a slow or
   * long source never holds a request open and a crash mid-pull starts it over.
   */
  private Future<JsonObject> pullLater(RoutingContext ctx, User user, long episodeId) {
    String length = ctx.request().getHeader("content-length");
    if (length != null && length.strip().matches("\\d{1,18}") && Long.parseLong(length.strip()) > 64 * 1024) {
      throw new ApiException(413, "too_large", "请求体过大。The request body is too large.", null);
    }
    // The authenticator paused the request; body() collects it once it flows again.
    Future<io.vertx.core.buffer.Buffer> whole = ctx.request().body();
    ctx.request().resume();
    return whole.compose(buffer -> {
      JsonObject body;
      try {
        body = buffer.toJsonObject();
      } catch (RuntimeException e) {
        throw ApiException.badRequest("body", "请求体不是 JSON 对象。The body is not a JSON object.");
      }
      java.net.URI uri = Pull.parse(Fields.text(body, "sourceUrl", 2000));
      String url = uri.toString();
      String key = "originals/" + java.util.UUID.randomUUID();
      return allow.check(vertx, "sourceUrl", uri).compose(ok -> Tx.as(pool, user, conn -> conn.preparedQuery(ArchiveSql.INSERT_URL).execute(Tuple.of(episodeId, url, key))
        .compose(rows -> {
          Row row = rows.iterator().next();
          return conn.preparedQuery(ArchiveSql.SCHEDULE).execute(Tuple.of(String.valueOf(row.getLong("id"))))
            .map(Uploads.accepted(row.getLong("id"), row.getString("status")).put("sourceUrl", url));
        })));
    });
  }

  private static boolean isJson(RoutingContext ctx) {
    String type = ctx.request().getHeader("content-type");
    return type != null && type.toLowerCase().startsWith("application/json");
  }

  private void get(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "recording");
    load(id).onSuccess(json -> Replies.ok(ctx, json)).onFailure(ctx::fail);
  }

  /** Server-Sent Events: the state now, then every change from whichever node runs the job, until it ends. */
  private void events(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "recording");
    HttpServerResponse response = ctx.response();
    // Listen first, then read the state, so no change falls between the two.
    MessageConsumer<JsonObject> consumer = vertx.eventBus().localConsumer(RecordingEvents.address(id));
    consumer.pause();
    load(id).onFailure(e -> {
      consumer.unregister();
      ctx.fail(e);
    }).onSuccess(state -> {
      response.setChunked(true)
        .putHeader("content-type", "text/event-stream; charset=utf-8")
        .putHeader("cache-control", "no-cache")
        .putHeader("content-encoding", "identity")
        .putHeader("x-accel-buffering", "no");
      response.write("retry: 3000\n\n");
      if (!send(response, state)) {
        return;
      }
      long ping = vertx.setPeriodic(15_000, t -> response.write(": ping\n\n"));
      response.closeHandler(v -> {
        vertx.cancelTimer(ping);
        consumer.unregister();
      });
      consumer.handler(message -> {
        if (!send(response, message.body())) {
          vertx.cancelTimer(ping);
          consumer.unregister();
        }
      });
      consumer.resume();
    });
  }

  /** Writes one event; false (and the stream ends) once the recording is archived, failed or deleted. */
  private static boolean send(HttpServerResponse response, JsonObject state) {
    String status = state.getString("status");
    JsonObject event = new JsonObject().put("id", state.getLong("id")).put("status", status)
      .put("stage", state.getString("stage")).put("percent", state.getValue("percent"))
      .put("etaSeconds", state.getValue("etaSeconds")).put("error", state.getString("error"));
    if (state.containsKey("media")) {
      event.put("media", state.getJsonObject("media"));
    }
    if (response.closed()) {
      return false;
    }
    response.write("event: " + (TERMINAL.contains(status) ? status : "progress") + "\ndata: " + event.encode() + "\n\n");
    if (TERMINAL.contains(status)) {
      response.end();
      return false;
    }
    return true;
  }

  private void retry(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "recording");
    User user = Access.require(ctx);
    authorize(id, user)
      .compose(v -> Tx.as(pool, user, conn -> conn.preparedQuery(ArchiveSql.RETRY).execute(Tuple.of(id))
        .compose(rows -> {
          if (rows.size() == 0) {
            throw new ApiException(409, "conflict", "只有失败的录像可以重试。Only a failed recording can be retried.", null);
          }
          return conn.preparedQuery(ArchiveSql.SCHEDULE).execute(Tuple.of(String.valueOf(id)));
        })))
      .compose(v -> load(id))
      .onSuccess(json -> Replies.send(ctx, 202, json))
      .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "recording");
    User user = Access.require(ctx);
    authorize(id, user)
      .compose(v -> Tx.as(pool, user, conn -> conn.preparedQuery(ArchiveSql.UNSCHEDULE).execute(Tuple.of(String.valueOf(id)))
        .compose(x -> conn.preparedQuery(ArchiveSql.DELETE).execute(Tuple.of(id)))))
      .compose(rows -> rows.size() == 0 ? Future.failedFuture(ApiException.notFound("recording", id))
        : deleteQuietly("archive/" + id).compose(v -> deleteQuietly(rows.iterator().next().getString("original_key"))))
      .onSuccess(v -> ctx.response().setStatusCode(204).end())
      .onFailure(ctx::fail);
  }

  private Future<Void> authorize(long id, User user) {
    return pool.preparedQuery(ArchiveSql.ROOM_OF_RECORDING).execute(Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) {
        throw ApiException.notFound("recording", id);
      }
      return Access.room(pool, user, rows.iterator().next().getLong("room_id"));
    });
  }

  private Future<JsonObject> load(long id) {
    return pool.preparedQuery(ArchiveSql.ONE).execute(Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) {
        throw ApiException.notFound("recording", id);
      }
      JsonObject json = Recording.toJson(rows.iterator().next());
      // A captured recording shows its capture: window, segments and the gaps where the source was away.
      return !"capture".equals(json.getString("source")) ? Future.succeededFuture(json)
        : CaptureRoutes.load(pool, CaptureSql.OF_RECORDING, id).map(capture -> json.put("capture", capture));
    });
  }

  /** File removal off the event loop; a leftover file is logged, never a failed request. */
  private Future<Void> deleteQuietly(String key) {
    return vertx.executeBlocking(() -> {
      store.delete(key);
      return null;
    }, false).<Void>mapEmpty().recover(e -> {
      LOG.log(Level.WARNING, "could not remove " + key, e);
      return Future.succeededFuture();
    });
  }

  /** The client's file name, kept only as a label (never a path); control characters and length trimmed. */
  private static String name(String raw) {
    if (raw == null) {
      return null;
    }
    String clean = raw.replaceAll("[\\p{Cntrl}]", "").strip();
    return clean.isEmpty() ? null : clean.substring(0, Math.min(clean.length(), 200));
  }
}
