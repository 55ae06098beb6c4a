package lianxin.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Successful JSON responses; errors go through {@link Failures}. */
public final class Replies {

  private Replies() {
  }

  public static void ok(RoutingContext ctx, JsonObject body) {
    send(ctx, 200, body);
  }

  public static void created(RoutingContext ctx, JsonObject body) {
    send(ctx, 201, body);
  }

  public static void send(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
      .setStatusCode(status)
      .putHeader("content-type", "application/json; charset=utf-8")
      .end(body.encode());
  }
}
