package lianxin.system;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import lianxin.http.Lang;
import lianxin.http.Replies;

/** Health and the API's own description. */
public final class SystemRoutes {

  /** Prepared once per connection (a probe asks this every few seconds, and load balancers ask it more). */
  private static final String HEALTH = """
    SELECT current_setting('server_version') AS version, pg_encoding_to_char(d.encoding) AS encoding,
      d.datctype AS ctype
    FROM pg_database d WHERE d.datname = current_database()""";

  private final Pool pool;
  private final Buffer openapi;

  public SystemRoutes(Pool pool) {
    this.pool = pool;
    this.openapi = resource("/openapi.json");
  }

  public void mount(Router router) {
    router.get("/api/health").handler(this::health);
    router.get("/api/openapi.json").handler(this::openapi);
  }

  /** {@code GET /api/routes}: what the router really serves, so a test can hold the OpenAPI document to it. */
  public void documentRoutes(Router router) {
    router.get("/api/routes").order(-1).handler(ctx -> {
      JsonArray routes = new JsonArray();
      for (Route route : router.getRoutes()) {
        if (route.getPath() != null && route.getPath().startsWith("/api/") && route.methods() != null) {
          route.methods().forEach(m -> routes.add(new JsonObject().put("method", m.name()).put("path", route.getPath())));
        }
      }
      Replies.ok(ctx, new JsonObject().put("items", routes));
    });
  }

  private void health(RoutingContext ctx) {
    pool.preparedQuery(HEALTH).execute()
      .onSuccess(rows -> {
        Row row = rows.iterator().next();
        Replies.ok(ctx, new JsonObject().put("status", "ok").put("database", new JsonObject()
          .put("status", "ok")
          .put("version", row.getString("version"))
          .put("encoding", row.getString("encoding"))
          .put("ctype", row.getString("ctype"))));
      })
      .onFailure(e -> Replies.send(ctx, 503, new JsonObject().put("status", "unavailable")
        .put("database", new JsonObject().put("status", "down").put("message", Lang.of(ctx) == Lang.EN ? "The database is unreachable: " + e.getMessage()
          : "数据库不可用：" + e.getMessage()))));
  }

  private void openapi(RoutingContext ctx) {
    ctx.response().putHeader("content-type", "application/json; charset=utf-8").end(openapi);
  }

  private static Buffer resource(String name) {
    try (InputStream in = SystemRoutes.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the build");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
