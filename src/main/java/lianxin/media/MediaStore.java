package lianxin.media;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where originals and archive media live, by key ({@code originals/…}, {@code archive/<recording>/…}). A local
 * folder now ({@link LocalMediaStore}); an S3-compatible store would keep a local working copy per job and
 * publish the finished folder.
 */
public interface MediaStore {

  /** Keys are relative, slash-separated names of safe characters, never {@code .} or {@code ..}. */
  Pattern KEY = Pattern.compile("^(?!.*(^|/)\\.{1,2}(/|$))[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$");

  /** The local file for {@code key} (which may not exist yet); null for a key that could escape the store. */
  Path path(String key);

  /**
   * Blocking: the file to serve for {@code key}, only when it exists and, links followed, lies inside the store (a
   * link placed in the store that points out of it is never served); null otherwise.
   */
  Path readable(String key);

  /** Makes the files under {@code prefix} available to readers (a no-op for the local folder). */
  void publish(String prefix) throws IOException;

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
