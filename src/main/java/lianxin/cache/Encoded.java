package lianxin.cache;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A response encoded once, served many times; the ETag lets phones on weak signal revalidate for free. */
public record Encoded(Buffer body, String contentType, String etag) {

  public static Encoded of(String text, String contentType) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return new Encoded(Buffer.buffer(bytes), contentType, etag(bytes));
  }

  public static Encoded json(Object value) {
    String text = value instanceof io.vertx.core.json.JsonObject o ? o.encode()
      : value instanceof io.vertx.core.json.JsonArray a ? a.encode()
      : io.vertx.core.json.Json.encode(value);
    return of(text, "application/json; charset=utf-8");
  }

  public void send(RoutingContext ctx) {
    var response = ctx.response()
      .putHeader("content-type", contentType)
      .putHeader("etag", etag)
      // Cached copies must be revalidated: schedules change and the ETag makes that cheap.
      .putHeader("cache-control", "no-cache");
    if (etag.equals(ctx.request().getHeader("if-none-match"))) {
      response.setStatusCode(304).end();
    } else {
      response.end(body);
    }
  }

  private static String etag(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
