package lianxin.archive.intake;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.UUID;
import lianxin.http.ApiException;
import lianxin.media.MediaStore;

/**
 * Receives one recording: a multipart field {@code file} or a raw {@code video/*}/{@code audio/*} body, streamed
 * to {@code uploads/<uuid>.part} with its SHA-256 computed on the way, and stored as {@code originals/<uuid>} once
 * whole (renamed in the local folder; uploaded in parts to a bucket, from the node's scratch folder). Runs before the JSON body handler, so nothing is buffered whole. A request that fails in any way (the
 * client cut the connection, too large, empty) deletes its partial file at once; one left by a killed node is
 * deleted by {@link UploadSweep} once an hour has passed without a write to it.
 */
record Uploads(Vertx vertx, MediaStore store, long limit) {

  /** What arrived on disk. */
  record Received(String key, String name, String sha256, long bytes) {
  }

  /** Refuses what can be refused from the headers alone, before a byte of the body is read. */
  void checkHeaders(HttpServerRequest request) {
    String type = mediaType(request);
    if (!type.startsWith("multipart/form-data") && !type.startsWith("video/") && !type.startsWith("audio/")) {
      throw ApiException.unsupportedType("请用表单字段 file 上传，或直接发送 video/* 或 audio/* 内容。",
        "Send the recording as multipart field 'file', or as a raw video/* or audio/* body.");
    }
    String length = request.getHeader("content-length");
    if (length != null) {
      long declared;
      try {
        declared = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("content-length", "Content-Length 不是数字。", "Content-Length is not a number.");
      }
      // Multipart adds a few hundred bytes of boundaries and headers around the file.
      if (declared > limit + (type.startsWith("multipart/") ? 64 * 1024 : 0)) {
        throw HashingFile.tooLarge(limit);
      }
      if (declared == 0) {
        throw empty();
      }
    }
  }

  /**
   * Streams the body (the request is paused until now) to a partial file, then renames it to a new original. Only
   * a whole upload ever has a name under {@code originals/}.
   */
  Future<Received> receive(HttpServerRequest request) {
    String id = UUID.randomUUID().toString();
    String key = "originals/" + id;
    Path part = store.path(UploadSweep.partKey(id));
    FileSystem fs = vertx.fileSystem();
    Future<Received> received = fs.mkdirs(part.getParent().toString())
      .compose(v -> fs.open(part.toString(), new OpenOptions().setWrite(true).setCreateNew(true)))
      .compose(file -> mediaType(request).startsWith("multipart/")
        ? multipart(request, file, key)
        : raw(request, file, key, request.getHeader("x-filename")));
    return received
      .compose(r -> r.bytes() == 0 ? Future.failedFuture(empty()) : Future.succeededFuture(r))
      // A rename in the local folder; for a bucket, a multipart upload (the part file, in scratch, goes after).
      .compose(r -> vertx.executeBlocking(() -> {
        store.put(key, part);
        return r;
      }, false))
      .recover(e -> fs.delete(part.toString()).otherwiseEmpty().compose(v -> Future.failedFuture(e)));
  }

  private Future<Received> raw(HttpServerRequest request, AsyncFile file, String key, String name) {
    HashingFile sink = new HashingFile(file, limit);
    return request.pipeTo(sink)
      .recover(e -> file.close().otherwiseEmpty().compose(v -> Future.failedFuture(e)))
      .map(v -> new Received(key, name, sink.sha256(), sink.bytes()));
  }

  private Future<Received> multipart(HttpServerRequest request, AsyncFile file, String key) {
    Promise<Received> done = Promise.promise();
    Promise<Received> fileDone = Promise.promise();
    boolean[] sawFile = {false};
    request.setExpectMultipart(true);
    request.uploadHandler(upload -> {
      if (!"file".equals(upload.name()) || sawFile[0]) {
        upload.handler(ignored -> { });
        return;
      }
      sawFile[0] = true;
      pipe(upload, file, key).onComplete(fileDone);
    });
    request.exceptionHandler(done::tryFail);
    request.endHandler(v -> {
      if (!sawFile[0]) {
        file.close();
        fileDone.tryFail(noFile());
      }
      fileDone.future().onComplete(done);
    });
    request.resume();
    return done.future();
  }

  private Future<Received> pipe(HttpServerFileUpload upload, AsyncFile file, String key) {
    HashingFile sink = new HashingFile(file, limit);
    return upload.pipeTo(sink)
      .recover(e -> file.close().otherwiseEmpty().compose(v -> Future.failedFuture(e)))
      .map(v -> new Received(key, upload.filename(), sink.sha256(), sink.bytes()));
  }

  private static String mediaType(HttpServerRequest request) {
    String type = request.getHeader("content-type");
    return type == null ? "" : type.toLowerCase().strip();
  }

  private static ApiException empty() {
    return ApiException.invalid("file", "文件是空的（0 字节）。", "The file is empty (0 bytes).");
  }

  private static ApiException noFile() {
    return ApiException.invalid("file", "表单里没有 file 字段。", "The form has no 'file' field.");
  }

  static JsonObject accepted(long id, String status) {
    return new JsonObject().put("id", id).put("status", status);
  }
}
