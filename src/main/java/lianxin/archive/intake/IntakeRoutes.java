package lianxin.archive.intake;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.util.UUID;
import lianxin.archive.job.ArchiveQueue.Kind;
import lianxin.archive.job.ArchiveQueue;
import lianxin.archive.job.Pull;
import lianxin.auth.Access;
import lianxin.auth.User;
import lianxin.db.Tx;
import lianxin.http.ApiException;
import lianxin.http.Fields;
import lianxin.http.Replies;
import lianxin.media.MediaStore;
import lianxin.net.AllowList;

/**
 * {@code POST /api/episodes/{id}/recordings}: a recording arrives as the request body (multipart or raw, streamed
 * to the store) or as {@code {sourceUrl}} to be pulled by the job. Either way its row and its job are made in one
 * transaction. The route reads its own body, so it has no JSON body handler in front of it.
 */
public final class IntakeRoutes {

  /** A {@code {sourceUrl}} body is small; anything larger is refused before it is read. */
  private static final long PULL_BODY_LIMIT = 64 * 1024;

  private final Vertx vertx;
  private final Pool pool;
  private final MediaStore store;
  private final Uploads uploads;
  private final AllowList allow;

  public IntakeRoutes(Vertx vertx, Pool pool, MediaStore store, long uploadLimit, AllowList allow) {
    this.vertx = vertx;
    this.pool = pool;
    this.store = store;
    this.allow = allow;
    this.uploads = new Uploads(vertx, store, uploadLimit);
  }

  public void mount(Router router) {
    router.post("/api/episodes/:id/recordings").handler(this::upload);
  }

  private void upload(RoutingContext ctx) {
    long episodeId = Fields.pathId(ctx, "id", "episode");
    User user = Access.require(ctx);
    // The body stays paused (the authenticator paused it) until the caller is known to be allowed.
    Access.episode(pool, user, episodeId)
      .compose(room -> isJson(ctx) ? pullLater(ctx, user, episodeId) : received(ctx, user, episodeId))
      .onSuccess(body -> Replies.send(ctx, 202, body))
      .onFailure(ctx::fail);
  }

  /** An upload: the body is the recording, streamed to the store, then its row and job in one transaction. */
  private Future<JsonObject> received(RoutingContext ctx, User user, long episodeId) {
    uploads.checkHeaders(ctx.request());
    return uploads.receive(ctx.request())
      .compose(received -> Tx.as(pool, user, conn -> conn.preparedQuery(IntakeSql.INSERT)
          .execute(Tuple.of(episodeId, "upload", name(received.name()), received.key(), received.sha256(), received.bytes()))
          .compose(rows -> {
            Row row = rows.iterator().next();
            return ArchiveQueue.enqueue(conn, Kind.RECORDING, row.getLong("id"))
              .map(v -> Uploads.accepted(row.getLong("id"), row.getString("status")).put("sha256", received.sha256())
                .put("bytes", received.bytes()));
          }))
        .recover(e -> store.deleteQuietly(vertx, received.key()).compose(v -> Future.failedFuture(e))));
  }

  /**
   * {@code {sourceUrl}}: the row and its job now, the pull itself in the job (stage {@code pull}), so a slow or
   * long source never holds a request open and a crash mid-pull starts it over.
   */
  private Future<JsonObject> pullLater(RoutingContext ctx, User user, long episodeId) {
    String length = ctx.request().getHeader("content-length");
    if (length != null && length.strip().matches("\\d{1,18}") && Long.parseLong(length.strip()) > PULL_BODY_LIMIT) {
      throw ApiException.tooLarge("请求体过大。", "The request body is too large.");
    }
    // The authenticator paused the request; body() collects it once it flows again.
    Future<Buffer> whole = ctx.request().body();
    ctx.request().resume();
    return whole.compose(buffer -> {
      JsonObject body;
      try {
        body = buffer.toJsonObject();
      } catch (RuntimeException e) {
        throw ApiException.badRequest("body", "请求体不是 JSON 对象。", "The body is not a JSON object.");
      }
      URI uri = Pull.parse(Fields.text(body, "sourceUrl", 2000));
      String url = uri.toString();
      String key = "originals/" + UUID.randomUUID();
      return allow.check(vertx, "sourceUrl", uri).compose(ok -> Tx.as(pool, user, conn -> conn.preparedQuery(IntakeSql.INSERT_URL)
        .execute(Tuple.of(episodeId, url, key))
        .compose(rows -> {
          Row row = rows.iterator().next();
          return ArchiveQueue.enqueue(conn, Kind.RECORDING, row.getLong("id"))
            .map(v -> Uploads.accepted(row.getLong("id"), row.getString("status")).put("sourceUrl", url));
        })));
    });
  }

  private static boolean isJson(RoutingContext ctx) {
    String type = ctx.request().getHeader("content-type");
    return type != null && type.toLowerCase().startsWith("application/json");
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
