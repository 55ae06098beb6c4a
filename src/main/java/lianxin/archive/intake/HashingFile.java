package lianxin.archive.intake;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.streams.WriteStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import lianxin.http.ApiException;

/**
 * An upload on its way to disk: SHA-256 and size computed chunk by chunk as the bytes pass (never the whole file
 * in memory), refused with 413 once it passes the limit. Backpressure is the file's.
 */
final class HashingFile implements WriteStream<Buffer> {

  private final AsyncFile file;
  private final long limit;
  private final MessageDigest digest;
  private long bytes;

  HashingFile(AsyncFile file, long limit) {
    this.file = file;
    this.limit = limit;
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static ApiException tooLarge(long limit) {
    return ApiException.tooLarge("文件超过上传上限 " + limit + " 字节。",
        "The file is larger than the upload limit of " + limit + " bytes.", new io.vertx.core.json.JsonObject().put("limit", limit));
  }

  @Override
  public Future<Void> write(Buffer data) {
    bytes += data.length();
    if (bytes > limit) {
      return Future.failedFuture(tooLarge(limit));
    }
    // ~0.1 ms per 64 KiB chunk: cheap enough for the event loop, and it spares reading the file again.
    digest.update(data.getBytes());
    return file.write(data);
  }

  @Override
  public Future<Void> end() {
    return file.end();
  }

  long bytes() {
    return bytes;
  }

  String sha256() {
    return HexFormat.of().formatHex(digest.digest());
  }

  @Override
  public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    file.exceptionHandler(handler);
    return this;
  }

  @Override
  public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
    file.setWriteQueueMaxSize(maxSize);
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return file.writeQueueFull();
  }

  @Override
  public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
    file.drainHandler(handler);
    return this;
  }
}
