package lianxin.media;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import lianxin.Config;
import lianxin.StartupException;

/** The node's media store from its settings: the local folder, or the bucket with a scratch folder. */
public final class Storage {

  private Storage() {
  }

  public static MediaStore of(Config config) throws IOException {
    if (!config.s3().enabled()) {
      return new LocalMediaStore(config.mediaDir());
    }
    return new S3MediaStore(config.s3(), config.dataDir().resolve("scratch"), config.mediaDir());
  }

  /** Off the event loop: the bucket answers (and exists); a node that cannot reach it does not start. */
  public static Future<Void> ready(Vertx vertx, MediaStore store) {
    if (!(store instanceof S3MediaStore s3)) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      try {
        s3.bucket().check();
        return null;
      } catch (IOException | RuntimeException e) {
        throw new StartupException("cannot use media bucket " + s3.config() + ": " + e.getMessage(), e);
      }
    }, false);
  }

  public static Future<Void> close(Vertx vertx, MediaStore store) {
    if (store instanceof S3MediaStore s3) {
      return vertx.executeBlocking(() -> {
        s3.bucket().close();
        return null;
      }, false);
    }
    return Future.succeededFuture();
  }
}
