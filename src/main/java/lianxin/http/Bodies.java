package lianxin.http;

import io.vertx.ext.web.Route;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Each route that reads a body says so, and how much it takes, where it is declared:
 * {@code Bodies.json(router.post("/api/rooms")).handler(this::create)}. Routes that stream their body (recording
 * uploads and chunks) read it themselves and have none. A body over the limit is refused with 413, before it is read
 * whole when Content-Length says so.
 */
public final class Bodies {

  /** JSON bodies of this API are small; anything larger is refused before it is read whole. */
  public static final long JSON_LIMIT = 1024 * 1024;

  private Bodies() {
  }

  /** A JSON body of up to 1 MiB (an empty body is fine for routes that take none, such as DELETE). */
  public static Route json(Route route) {
    return limited(route, JSON_LIMIT);
  }

  /** A body read whole, of up to {@code limit} bytes. */
  public static Route limited(Route route, long limit) {
    return route.handler(BodyHandler.create(false).setBodyLimit(limit));
  }
}
