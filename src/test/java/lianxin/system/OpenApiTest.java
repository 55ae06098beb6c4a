package lianxin.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.Set;
import java.util.TreeSet;
import lianxin.support.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The OpenAPI document and the router agree: nothing documented is missing, nothing served is undocumented. */
@ExtendWith(VertxExtension.class)
class OpenApiTest {

  private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

  @Test
  void documentMatchesTheRealRoutes(Vertx vertx) {
    Http http = Http.local(vertx);
    JsonObject doc = http.get("/api/openapi.json").json();
    assertTrue(doc.getString("openapi").startsWith("3."));

    Set<String> documented = new TreeSet<>();
    JsonObject paths = doc.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (METHODS.contains(method)) {
          documented.add(method.toUpperCase() + " " + path);
          assertTrue(item.getJsonObject(method).getJsonObject("responses").size() > 0, method + " " + path + " has responses");
        }
      }
    }
    Set<String> served = new TreeSet<>();
    http.get("/api/routes").items().forEach(r -> {
      JsonObject route = (JsonObject) r;
      served.add(route.getString("method") + " " + route.getString("path").replaceAll(":(\\w+)", "{$1}"));
    });
    assertEquals(served, documented);
  }

  @Test
  void healthReportsTheDatabase(Vertx vertx) {
    JsonObject health = Http.local(vertx).get("/api/health").json();
    assertEquals("ok", health.getString("status"));
    assertEquals("ok", health.getJsonObject("database").getString("status"));
    assertEquals("UTF8", health.getJsonObject("database").getString("encoding"));
  }
}
