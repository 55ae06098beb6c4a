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
import lianxin.archive.job.ArchiveQueue.Kind;
import lianxin.archive.job.ArchiveQueue;
import lianxin.auth.Access;
import lianxin.auth.User;
import lianxin.capture.CaptureRoutes;
import lianxin.db.Tx;
import lianxin.http.ApiException;
import lianxin.http.Lang;
import lianxin.http.Bodies;
import lianxin.http.Fields;
import lianxin.http.Redact;
import lianxin.http.Replies;
import lianxin.media.MediaStore;

/** Recordings: state and live progress, retry, delete (they arrive through {@code archive.intake}). */
record RecordingRoutes(Vertx vertx, Pool pool, MediaStore store) {

  private static final Set<String> TERMINAL = Set.of("archived", "failed", "deleted");

  void mount(Router router) {
    router.get("/api/recordings/:id").handler(this::get);
    router.get("/api/recordings/:id/events").handler(this::events);
    Bodies.json(router.post("/api/recordings/:id/retry")).handler(this::retry);
    Bodies.json(router.delete("/api/recordings/:id")).handler(this::delete);
  }

  private void get(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "recording");
    load(id, Access.user(ctx), Lang.of(ctx)).onSuccess(json -> Replies.ok(ctx, json)).onFailure(ctx::fail);
  }

  /** Server-Sent Events: the state now, then every change from whichever node runs the job, until it ends. */
  private void events(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "recording");
    HttpServerResponse response = ctx.response();
    // Listen first, then read the state, so no change falls between the two.
    MessageConsumer<JsonObject> consumer = vertx.eventBus().localConsumer(RecordingEvents.address(id));
    consumer.pause();
    Lang lang = Lang.of(ctx);
    load(id, null, lang).onFailure(e -> {
      consumer.unregister();
      ctx.fail(e);
    }).onSuccess(state -> {
      response.setChunked(true)
        .putHeader("content-type", "text/event-stream; charset=utf-8")
        .putHeader("cache-control", "no-cache")
        .putHeader("content-encoding", "identity")
        .putHeader("x-accel-buffering", "no");
      response.write("retry: 3000\n\n");
      if (!send(response, state, lang)) {
        return;
      }
      long ping = vertx.setPeriodic(15_000, t -> response.write(": ping\n\n"));
      response.closeHandler(v -> {
        vertx.cancelTimer(ping);
        consumer.unregister();
      });
      consumer.handler(message -> {
        if (!send(response, message.body(), lang)) {
          vertx.cancelTimer(ping);
          consumer.unregister();
        }
      });
      consumer.resume();
    });
  }

  /** Writes one event; false (and the stream ends) once the recording is archived, failed or deleted. */
  private static boolean send(HttpServerResponse response, JsonObject state, Lang lang) {
    String status = state.getString("status");
    // A notice carries the reason in both languages (errorEn); the state read first is already in the reader's.
    String error = lang == Lang.EN && state.getString("errorEn") != null ? state.getString("errorEn") : state.getString("error");
    JsonObject event = new JsonObject().put("id", state.getLong("id")).put("status", status)
      .put("stage", state.getString("stage")).put("percent", state.getValue("percent"))
      .put("etaSeconds", state.getValue("etaSeconds")).put("error", Redact.inText(error));
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
    Access.recording(pool, user, id)
      .compose(room -> Tx.as(pool, user, conn -> conn.preparedQuery(RecordingSql.RETRY).execute(Tuple.of(id))
        .compose(rows -> {
          if (rows.size() == 0) {
            throw ApiException.conflict("只有失败的录像可以重试。", "Only a failed recording can be retried.");
          }
          return ArchiveQueue.requeue(conn, Kind.RECORDING, id);
        })))
      .compose(v -> load(id, user, Lang.of(ctx)))
      .onSuccess(json -> Replies.send(ctx, 202, json))
      .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "recording");
    User user = Access.require(ctx);
    Access.recording(pool, user, id)
      .compose(room -> Tx.as(pool, user, conn -> ArchiveQueue.unschedule(conn, Kind.RECORDING, id)
        .compose(x -> conn.preparedQuery(RecordingSql.DELETE).execute(Tuple.of(id)))))
      .compose(rows -> rows.size() == 0 ? Future.failedFuture(ApiException.notFound("recording", id))
        : store.deleteQuietly(vertx, "archive/" + id)
          .compose(v -> store.deleteQuietly(vertx, rows.iterator().next().getString("original_key"))))
      .onSuccess(v -> ctx.response().setStatusCode(204).end())
      .onFailure(ctx::fail);
  }

  /** The recording as {@code user} may see it: its source in full only for those who may manage its room. */
  private Future<JsonObject> load(long id, User user, Lang lang) {
    return pool.preparedQuery(RecordingSql.ONE).execute(Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) {
        throw ApiException.notFound("recording", id);
      }
      Row row = rows.iterator().next();
      return manages(user, row.getLong("room_id")).map(manager -> Recording.toJson(row, manager, lang));
    }).compose(json -> !"capture".equals(json.getString("source")) ? Future.succeededFuture(json)
      // A captured recording shows its capture: window, segments and the gaps where the source was away.
      : CaptureRoutes.ofRecording(pool, id, lang).map(capture -> json.put("capture", capture)));
  }

  private Future<Boolean> manages(User user, long roomId) {
    return user == null ? Future.succeededFuture(false)
      : Access.room(pool, user, roomId).map(true).recover(e -> e instanceof ApiException a && a.status() == 403
        ? Future.succeededFuture(false) : Future.failedFuture(e));
  }
}
