package lianxin.support;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/** A client for one Lianxin node, as a script or a browser would call it. */
public final class Http {

  /** What came back, read the way a client reads it. */
  public record Reply(int status, MultiMap headers, String body) {

    public JsonObject json() {
      return new JsonObject(body);
    }

    public JsonArray items() {
      return json().getJsonArray("items");
    }

    public String message() {
      return json().getString("message");
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  private final WebClient client;

  public Http(Vertx vertx, int port) {
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost").setDefaultPort(port),
      new PoolOptions().setHttp1MaxSize(64));
  }

  public static Http local(Vertx vertx) {
    return new Http(vertx, TestServer.port());
  }

  public Reply get(String path) {
    return send(HttpMethod.GET, path, null, null).await();
  }

  public Reply post(String path, Object json) {
    return send(HttpMethod.POST, path, json == null ? null : Buffer.buffer(encode(json)), "application/json").await();
  }

  public Reply patch(String path, Object json) {
    return send(HttpMethod.PATCH, path, Buffer.buffer(encode(json)), "application/json").await();
  }

  public Reply raw(HttpMethod method, String path, String body, String contentType) {
    return send(method, path, Buffer.buffer(body), contentType).await();
  }

  /** Not awaited: for many requests in flight at once. */
  public Future<Reply> postAsync(String path, Object json) {
    return send(HttpMethod.POST, path, Buffer.buffer(encode(json)), "application/json");
  }

  private Future<Reply> send(HttpMethod method, String path, Buffer body, String contentType) {
    var request = client.request(method, path);
    if (contentType != null) {
      request.putHeader("content-type", contentType);
    }
    Future<HttpResponse<Buffer>> response = body == null ? request.send() : request.sendBuffer(body);
    return response.map(r -> new Reply(r.statusCode(), r.headers(), r.bodyAsString() == null ? "" : r.bodyAsString()));
  }

  private static String encode(Object json) {
    return json instanceof JsonObject o ? o.encode() : json instanceof JsonArray a ? a.encode() : String.valueOf(json);
  }
}
