package lianxin.archive.intake;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lianxin.archive.job.ArchiveQueue.Kind;
import lianxin.archive.job.ArchiveQueue;
import lianxin.auth.Access;
import lianxin.auth.User;
import lianxin.db.Tx;
import lianxin.http.ApiException;
import lianxin.http.Bodies;
import lianxin.http.Fields;
import lianxin.http.Replies;
import lianxin.media.MediaStore;

/**
 * Resumable uploads for large recordings, in chunks with {@code Content-Range}: {@code POST
 * /api/episodes/{id}/uploads {size, name}} opens one; {@code PUT /api/uploads/{id}} appends a chunk at the offset
 * the server reports ({@code GET /api/uploads/{id}}). The offset is what is stored ({@link Chunks}: the file's length
 * in MEDIA_DIR, shared by the nodes, or the chunk objects in the bucket), so a connection dropped mid-chunk keeps
 * what arrived and any node takes the next chunk. When the
 * last byte lands, the SHA-256 is computed by streaming the whole file on a worker, and the recording and its job
 * are made as for a one-shot upload. An upload untouched for {@code UPLOAD_EXPIRY} is expired by {@link UploadSweep}
 * (its file deleted); its chunks and status then answer 410 naming it.
 */
public final class Resumable {

  private static final Pattern RANGE = Pattern.compile("bytes (\\d{1,18})-(\\d{1,18})/(\\d{1,18})");

  private final Vertx vertx;
  private final Pool pool;
  private final MediaStore store;
  private final long limit;
  private final Duration expiry;
  private final Chunks chunks;

  public Resumable(Vertx vertx, Pool pool, MediaStore store, long limit, Duration expiry) {
    this.vertx = vertx;
    this.pool = pool;
    this.store = store;
    this.limit = limit;
    this.expiry = expiry;
    this.chunks = Chunks.of(vertx, store);
  }

  public void mount(Router router) {
    // A chunk streams its own body to the file; it has no body handler.
    router.put("/api/uploads/:id").handler(this::chunk);
    Bodies.json(router.post("/api/episodes/:id/uploads")).handler(this::open);
    router.get("/api/uploads/:id").handler(this::get);
  }

  private void open(RoutingContext ctx) {
    long episode = Fields.pathId(ctx, "id", "episode");
    User user = Access.require(ctx);
    JsonObject body = Fields.body(ctx);
    long size = Fields.requiredLong(body, "size");
    String name = Fields.optionalText(body, "name", 200);
    if (size <= 0) {
      throw ApiException.invalid("size", "size 须大于 0。", "size must be more than 0 bytes.");
    }
    if (size > limit) {
      throw HashingFile.tooLarge(limit);
    }
    UUID id = UUID.randomUUID();
    Tx.as(pool, user, conn -> Access.episode(conn, user, episode)
        .compose(room -> conn.preparedQuery(ResumableSql.INSERT).execute(Tuple.of(id, episode, room, size, name))))
      .compose(v -> chunks.create(id))
      .onSuccess(v -> {
        ctx.response().putHeader("location", "/api/uploads/" + id);
        Replies.created(ctx, state(id, episode, size, 0, null));
      })
      .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    UUID id = uuid(ctx);
    row(id).map(this::unexpired).compose(row -> (row.getLong("recording_id") != null ? Future.succeededFuture(row.getLong("size")) : chunks.offset(id))
        .map(offset -> state(id, row.getLong("episode_id"), row.getLong("size"), offset,
        row.getLong("recording_id")).put("receiving", row.getBoolean("receiving"))))
      .onSuccess(json -> Replies.ok(ctx, json))
      .onFailure(ctx::fail);
  }

  /** One chunk: checked against the offset on disk, appended, and on the last byte the recording is made. */
  private void chunk(RoutingContext ctx) {
    UUID id = uuid(ctx);
    User user = Access.require(ctx);
    HttpServerRequest request = ctx.request();
    row(id)
      .compose(row -> Access.room(pool, user, row.getLong("room_id")).map(row))
      .compose(row -> {
        if (row.getLong("recording_id") != null) {
          throw ApiException.conflict("这个上传已经完成。", "This upload is already complete.", new JsonObject().put("recordingId", row.getLong("recording_id")));
        }
        unexpired(row);
        long size = row.getLong("size");
        long[] range = range(request, size);
        return claim(id).compose(v -> chunks.offset(id)
          .compose(offset -> append(request, id, offset, range, size))
          .compose(offset -> offset == size ? complete(user, id, row) : Future.succeededFuture(
            state(id, row.getLong("episode_id"), size, offset, null)))
          // A chunk that outlasted UPLOAD_EXPIRY lost its file to the sweep: say so rather than 500.
          .recover(e -> row(id).map(this::unexpired).compose(r -> Future.failedFuture(e)))
          .eventually(() -> pool.preparedQuery(ResumableSql.RELEASE).execute(Tuple.of(id))));
      })
      .onSuccess(json -> Replies.send(ctx, json.containsKey("status") ? 202 : 200, json))
      .onFailure(ctx::fail);
  }

  /** [start, end] of the chunk: from Content-Range, or (without one) the whole file from its start. */
  private static long[] range(HttpServerRequest request, long size) {
    String header = request.getHeader("content-range");
    long[] range = header == null ? new long[] {0, size - 1} : parse(header, size);
    String length = request.getHeader("content-length");
    if (length != null && !length.strip().equals(String.valueOf(range[1] - range[0] + 1))) {
      throw ApiException.badRequest("content-length", "Content-Length 与 Content-Range 的长度不符。",
        "Content-Length does not match " + "the length of Content-Range.");
    }
    return range;
  }

  private static long[] parse(String header, long size) {
    Matcher m = RANGE.matcher(header.strip());
    if (!m.matches()) {
      throw ApiException.badRequest("content-range", "Content-Range 应为 bytes 起-止/总长。", "Content-Range must be 'bytes start-end/size'.");
    }
    long start = Long.parseLong(m.group(1));
    long end = Long.parseLong(m.group(2));
    if (Long.parseLong(m.group(3)) != size || end < start || end >= size) {
      throw ApiException.invalid("content-range", "Content-Range 与上传的大小 " + size + " 不符。",
        "Content-Range does not fit the upload's size of " + size + " bytes.");
    }
    return new long[] {start, end};
  }

  private Future<Long> append(HttpServerRequest request, UUID id, long offset, long[] range, long size) {
    if (range[0] != offset) {
      throw ApiException.conflict("请从第 " + offset + " 字节续传。", "Resume from byte " + offset + ".", new JsonObject().put("offset", offset).put("size", size));
    }
    return chunks.append(request, id, offset, range[1] - range[0] + 1);
  }

  /** The last byte is in: hash the whole file (streamed, on a worker), move it to originals, make the recording. */
  private Future<JsonObject> complete(User user, UUID id, Row row) {
    String key = "originals/" + id;
    return vertx.executeBlocking(() -> chunks.assemble(id, key), false).compose(sha256 -> Tx.as(pool, user, conn -> conn.preparedQuery(IntakeSql.INSERT)
      .execute(Tuple.of(row.getLong("episode_id"), "upload", row.getString("name"), key, sha256, row.getLong("size")))
      .compose(rows -> {
        long recording = rows.iterator().next().getLong("id");
        return ArchiveQueue.enqueue(conn, Kind.RECORDING, recording)
          .compose(v -> conn.preparedQuery(ResumableSql.DONE).execute(Tuple.of(id, recording)))
          .map(done -> {
            if (done.rowCount() == 0) {
              // Expired while this chunk ran longer than UPLOAD_EXPIRY: no recording is made (the transaction rolls back).
              throw gone(id);
            }
            return done;
          })
          .map(v -> Uploads.accepted(recording, rows.iterator().next().getString("status")).put("uploadId", id.toString())
            .put("sha256", sha256).put("bytes", row.getLong("size")));
      })))
      // Expired meanwhile: the sweep has been and gone, so the moved file is this request's to delete.
      .recover(e -> e instanceof ApiException api && api.status() == 410
        ? store.deleteQuietly(vertx, key).compose(v -> Future.failedFuture(e)) : Future.failedFuture(e));
  }

  private Future<Void> claim(UUID id) {
    return pool.preparedQuery(ResumableSql.CLAIM).execute(Tuple.of(id)).compose(rows -> {
      if (rows.rowCount() > 0) {
        return Future.succeededFuture();
      }
      // Not claimed: another chunk holds it, or the sweep expired it just now (that one answers 410).
      return row(id).map(row -> {
        unexpired(row);
        throw ApiException.conflict("这个上传正在接收另一个分块。", "Another chunk of this upload is being received.");
      });
    });
  }

  /** The row, unless the sweep expired it: then 410, naming the upload. */
  private Row unexpired(Row row) {
    if (row.getValue("expired_at") != null) {
      throw gone(row.getUUID("id"));
    }
    return row;
  }

  private ApiException gone(UUID id) {
    String span = expiry.toSeconds() % 3600 == 0 ? expiry.toHours() + "h"
      : expiry.toSeconds() % 60 == 0 ? expiry.toMinutes() + "m" : expiry.toSeconds() + "s";
    return ApiException.gone("上传 " + id + " 已过期：超过 " + span + " 没有新的分块，已收到的部分已删除，请重新开始上传。",
        "Upload " + id + " has expired: no chunk arrived for " + span + ", so what had arrived was deleted; start a new upload.",
      new JsonObject().put("uploadId", id.toString()).put("expirySeconds", expiry.toSeconds()));
  }

  private Future<Row> row(UUID id) {
    return pool.preparedQuery(ResumableSql.ONE).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        throw ApiException.notFound("upload", id);
      }
      return rows.iterator().next();
    });
  }

  private static UUID uuid(RoutingContext ctx) {
    try {
      return UUID.fromString(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("upload", ctx.pathParam("id"));
    }
  }

  private static JsonObject state(UUID id, long episode, long size, long offset, Long recording) {
    return new JsonObject().put("uploadId", id.toString()).put("episodeId", episode).put("size", size)
      .put("offset", offset).put("recordingId", recording);
  }
}
