package lianxin.cache;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/**
 * A response encoded once, served many times: the bytes, their gzip form (phones on weak signal ask for it, and
 * compressing a cached body on every request cost more than building it once) and an ETag to revalidate for free.
 *
 * @param gzip null when the body is too small to be worth compressing
 */
public record Encoded(Buffer body, Buffer gzip, String contentType, String etag) {

  /** Below this, gzip's header costs more than it saves. */
  private static final int GZIP_MIN_BYTES = 1024;

  public static Encoded of(String text, String contentType) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return new Encoded(Buffer.buffer(bytes), bytes.length < GZIP_MIN_BYTES ? null : Buffer.buffer(gzip(bytes)),
      contentType, etag(bytes));
  }

  /** Bytes that are compressed already (a zip such as XLSX): no gzip form. */
  public static Encoded bytes(byte[] bytes, String contentType) {
    return new Encoded(Buffer.buffer(bytes), null, contentType, etag(bytes));
  }

  public static Encoded json(Object value) {
    String text = value instanceof JsonObject o ? o.encode() : value instanceof JsonArray a ? a.encode() : Json.encode(value);
    return of(text, "application/json; charset=utf-8");
  }

  public void send(RoutingContext ctx) {
    String accept = ctx.request().getHeader("accept-encoding");
    boolean zipped = gzip != null && accept != null && accept.contains("gzip");
    // Each representation has its own validator, as HTTP requires.
    String tag = zipped ? etag.substring(0, etag.length() - 1) + "-gz\"" : etag;
    var response = ctx.response()
      .putHeader("content-type", contentType)
      .putHeader("etag", tag)
      .putHeader("vary", "accept-encoding")
      // Cached copies must be revalidated: schedules change and the ETag makes that cheap.
      .putHeader("cache-control", "no-cache");
    if (tag.equals(ctx.request().getHeader("if-none-match"))) {
      response.setStatusCode(304).end();
    } else if (zipped) {
      // Already encoded: the server's own compressor leaves a response with a content-encoding alone.
      response.putHeader("content-encoding", "gzip").end(gzip);
    } else {
      response.end(body);
    }
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("gzip into memory cannot fail", e);
    }
    return out.toByteArray();
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
