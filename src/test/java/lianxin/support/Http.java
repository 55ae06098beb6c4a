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

  private static String adminToken;

  private final WebClient client;
  private final String token;
  /** The Accept-Language this client sends; null: none (the server answers in Chinese). */
  private final String language;

  private Http(WebClient client, String token) {
    this(client, token, null);
  }

  private Http(WebClient client, String token, String language) {
    this.client = client;
    this.token = token;
    this.language = language;
  }

  /** The same client, asking for answers in {@code language} (an Accept-Language value such as {@code en}). */
  public Http inLanguage(String language) {
    return new Http(client, token, language);
  }

  /** An anonymous client of the node on {@code port}. */
  public static Http anonymous(Vertx vertx, int port) {
    return new Http(WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost").setDefaultPort(port),
      new PoolOptions().setHttp1MaxSize(64)), null);
  }

  /** The node on {@code port}, signed in as its bootstrap admin with {@code password}. */
  public static Http admin(Vertx vertx, int port, String password) {
    Http anonymous = anonymous(vertx, port);
    return anonymous.as(anonymous.signIn("admin", password));
  }

  /** The shared test node, signed in as the bootstrap admin. */
  public static Http local(Vertx vertx) {
    Http anonymous = anonymous(vertx, TestServer.port());
    synchronized (Http.class) {
      if (adminToken == null) {
        adminToken = anonymous.signIn("admin", TestServer.ADMIN_PASSWORD);
      }
    }
    return anonymous.as(adminToken);
  }

  /** The same node, as whoever holds {@code bearer} (null: anonymous). */
  public Http as(String bearer) {
    return new Http(client, bearer, language);
  }

  /** The bearer token this client sends (null: anonymous), for requests made by hand. */
  public String token() {
    return token;
  }

  public Http anonymous() {
    return as(null);
  }

  /** Signs in and returns the bearer token. */
  public String signIn(String username, String password) {
    Reply reply = anonymous().post("/api/session", new JsonObject().put("username", username).put("password", password));
    if (reply.status() != 200) {
      throw new AssertionError("sign-in failed: " + reply);
    }
    return reply.json().getString("token");
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

  /** A binary body, such as a recording sent as video/mp4. */
  public Reply bytes(HttpMethod method, String path, Buffer body, String contentType) {
    return send(method, path, body, contentType).await();
  }

  /** A binary body with one more header (a chunk and its Content-Range). */
  public Reply bytesWith(HttpMethod method, String path, Buffer body, String contentType, String header, String value) {
    var request = client.request(method, path);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    request.putHeader("content-type", contentType).putHeader(header, value);
    return request.sendBuffer(body).map(r -> new Reply(r.statusCode(), r.headers(), r.bodyAsString() == null ? "" : r.bodyAsString())).await();
  }

  /** A browser-style form upload: one file in field {@code field}. */
  public Reply multipart(String path, String field, String filename, java.nio.file.Path file, String contentType) {
    var request = client.post(path);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return request.sendMultipartForm(io.vertx.ext.web.multipart.MultipartForm.create()
        .attribute("note", "from a form")
        .binaryFileUpload(field, filename, file.toString(), contentType))
      .map(r -> new Reply(r.statusCode(), r.headers(), r.bodyAsString() == null ? "" : r.bodyAsString())).await();
  }

  /** Not awaited: for many requests in flight at once. */
  public Future<Reply> postAsync(String path, Object json) {
    return send(HttpMethod.POST, path, Buffer.buffer(encode(json)), "application/json");
  }

  private Future<Reply> send(HttpMethod method, String path, Buffer body, String contentType) {
    var request = client.request(method, path);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    if (contentType != null) {
      request.putHeader("content-type", contentType);
    }
    if (language != null) {
      request.putHeader("accept-language", language);
    }
    Future<HttpResponse<Buffer>> response = body == null ? request.send() : request.sendBuffer(body);
    return response.map(r -> new Reply(r.statusCode(), r.headers(), r.bodyAsString() == null ? "" : r.bodyAsString()));
  }

  private static String encode(Object json) {
    return json instanceof JsonObject o ? o.encode() : json instanceof JsonArray a ? a.encode() : String.valueOf(json);
  }
}
