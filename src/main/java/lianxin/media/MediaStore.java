package lianxin.media;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where originals and archive media live, by key ({@code originals/…}, {@code archive/<recording>/…}): a local
 * folder ({@link LocalMediaStore}, the default) or an S3-compatible bucket ({@link S3MediaStore}), which keeps a
 * node-local working copy only of what the node's own jobs are working on.
 *
 * <p>The contract both keep: a job writes under {@link #path} and calls {@link #publish} (readers see the files from
 * then on) and {@link #release} (the working copy goes); it reads with {@link #fetch}. Every method but
 * {@link #deleteQuietly} blocks: call it on a worker or job thread, never an event loop.
 */
public interface MediaStore {

  /** Keys are relative, slash-separated names of safe characters, never {@code .} or {@code ..}. */
  Pattern KEY = Pattern.compile("^(?!.*(^|/)\\.{1,2}(/|$))[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$");

  /**
   * The local working file for {@code key} (which may not exist yet); null for a key that could escape the store. For
   * the local folder it is the stored file itself; for a bucket, a file in the node's scratch folder.
   */
  Path path(String key);

  /**
   * Blocking: the file to serve for {@code key}, only when it exists and, links followed, lies inside the store (a
   * link placed in the store that points out of it is never served); null otherwise.
   */
  Path readable(String key);

  /**
   * The origin browsers fetch media from when {@code /media/...} redirects elsewhere (a CDN, presigned bucket URLs),
   * which the pages' Content-Security-Policy must then allow; null when the node serves media itself.
   */
  default String redirectOrigin() {
    return null;
  }

  /** Makes the files under {@code prefix} available to readers (a no-op for the local folder). */
  void publish(String prefix) throws IOException;

  /** The stored {@code key} as a local file to read (for a bucket, downloaded unless the working copy is it); null when missing. */
  Path fetch(String key) throws IOException;

  /** Every file stored under {@code prefix}, as local files under {@code path(prefix)} (a no-op for the local folder). */
  default void fetchAll(String prefix) throws IOException {
  }

  /** The local {@code file} becomes {@code key} (moved for the local folder, uploaded for a bucket). */
  void put(String key, Path file) throws IOException;

  /** Drops the working copies under {@code prefix}; what was published or put stays (a no-op for the local folder). */
  default void release(String prefix) throws IOException {
  }

  /** Whether {@code key}, or anything under it, is stored. */
  boolean exists(String key) throws IOException;

  /** The stored size of {@code key} in bytes; -1 when missing. */
  long size(String key) throws IOException;

  /** The stored {@code key} as UTF-8 text; null when missing. */
  String readText(String key) throws IOException;

  /** Removes {@code key} and everything under it; missing is fine. */
  void delete(String key) throws IOException;

  /** Removal off the event loop; a file left behind is logged, never a failure of the caller. */
  default Future<Void> deleteQuietly(Vertx vertx, String key) {
    return vertx.executeBlocking(() -> {
      delete(key);
      return null;
    }, false).<Void>mapEmpty().recover(e -> {
      Logger.getLogger(MediaStore.class.getName()).log(Level.WARNING, "could not remove " + key, e);
      return Future.succeededFuture();
    });
  }

  static boolean validKey(String key) {
    return key != null && key.length() <= 400 && KEY.matcher(key).matches();
  }
}
