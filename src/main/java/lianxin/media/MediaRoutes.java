package lianxin.media;

import io.vertx.core.Vertx;
import io.vertx.core.file.FileProps;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lianxin.http.ApiException;
import lianxin.http.Failures;

/**
 * {@code GET /media/archive/...}: archive files with byte ranges, their types and cache headers; from the local
 * folder, or through {@link BucketMedia} when media is in a bucket.
 */
public record MediaRoutes(Vertx vertx, MediaStore store, BucketMedia bucket) {

  public MediaRoutes(Vertx vertx, MediaStore store) {
    this(vertx, store, store instanceof S3MediaStore s3 ? new BucketMedia(vertx, s3.bucket(), s3.config()) : null);
  }

  private static final Map<String, String> TYPES = Map.of(
    "m3u8", "application/vnd.apple.mpegurl",
    "m4s", "video/mp4",
    "mp4", "video/mp4",
    "m4a", "audio/mp4",
    "vtt", "text/vtt; charset=utf-8",
    "jpg", "image/jpeg",
    "ts", "video/mp2t");
  private static final Pattern RANGE = Pattern.compile("^bytes=(\\d*)-(\\d*)$");

  /** The content type of a media key by its extension; octet-stream for originals and others. */
  static String type(String key) {
    String name = key.substring(key.lastIndexOf('/') + 1);
    return name.contains(".") ? TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "application/octet-stream")
      : "application/octet-stream";
  }

  public void mount(Router router) {
    router.get(MediaUrls.PREFIX + "*").handler(this::serve);
    router.head(MediaUrls.PREFIX + "*").handler(this::serve);
    router.route(MediaUrls.PREFIX + "*").failureHandler(Failures::handle);
  }

  private record Found(Path file, FileProps props) {
  }

  private void serve(RoutingContext ctx) {
    // The raw path: keys hold only safe characters, so anything encoded (%2e%2e, %2f) is simply not found.
    String key = ctx.request().path().substring(MediaUrls.PREFIX.length());
    String ext = key.substring(key.lastIndexOf('.') + 1);
    if (!(key.startsWith("archive/") || key.startsWith("live/")) || !TYPES.containsKey(ext)) {
      throw notFound();
    }
    // A live stream's files are written on the node whose ingest has the publisher, which serves them itself and
    // copies them into the bucket for the other nodes (docs/live.md); the rest is in the bucket.
    if (bucket != null && !key.startsWith("live/")) {
      if (!MediaStore.validKey(key)) {
        throw notFound();
      }
      bucket.serve(ctx, key, TYPES.get(ext), cacheControl(key, ext));
      return;
    }
    // Off the event loop, in one trip: where the file really is (links followed) and its size and date.
    vertx.executeBlocking(() -> {
      Path file = store.readable(key);
      if (file == null) {
        throw notFound();
      }
      return new Found(file, vertx.fileSystem().propsBlocking(file.toString()));
    }, false)
      .recover(e -> {
        if (bucket != null && e instanceof ApiException && MediaStore.validKey(key)) {
          // Live, and not on this node: the publishing node's copy in the bucket.
          bucket.serve(ctx, key, TYPES.get(ext), cacheControl(key, ext));
          return io.vertx.core.Future.succeededFuture(null);
        }
        return io.vertx.core.Future.failedFuture(e);
      })
      .recover(e -> io.vertx.core.Future.failedFuture(e instanceof ApiException ? e : notFound()))
      // Through map, so that anything send throws fails the request instead of leaving it unanswered.
      .map(found -> {
        if (found != null) {
          send(ctx, found.file(), ext, found.props());
        }
        return found;
      })
      .onFailure(ctx::fail);
  }

  private void send(RoutingContext ctx, Path file, String ext, FileProps props) {
    if (!props.isRegularFile()) {
      ctx.fail(notFound());
      return;
    }
    long size = props.size();
    String etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(props.lastModifiedTime()) + "\"";
    HttpServerResponse response = ctx.response()
      .putHeader("content-type", TYPES.get(ext))
      .putHeader("accept-ranges", "bytes")
      .putHeader("etag", etag)
      .putHeader("last-modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(
        Instant.ofEpochMilli(props.lastModifiedTime()).atOffset(ZoneOffset.UTC)))
      .putHeader("cache-control", cacheControl(ctx.request().path().substring(MediaUrls.PREFIX.length()), ext))
      // Media is already compressed; gzip would only cost CPU and break byte ranges.
      .putHeader("content-encoding", "identity");
    if (etag.equals(ctx.request().getHeader("if-none-match"))) {
      response.setStatusCode(304).end();
      return;
    }
    long start = 0;
    long end = size - 1;
    String range = ctx.request().getHeader("range");
    if (range != null) {
      long[] span = span(range, size);
      if (span == null) {
        unsatisfiable(response, size);
        return;
      }
      start = span[0];
      end = span[1];
      response.setStatusCode(206).putHeader("content-range", "bytes " + start + "-" + end + "/" + size);
    }
    long length = end - start + 1;
    if (ctx.request().method() == HttpMethod.HEAD) {
      response.putHeader("content-length", String.valueOf(length)).end();
      return;
    }
    response.sendFile(file.toString(), start, length).onFailure(e -> ctx.response().reset());
  }

  /**
   * Playlists may gain a rendition while processing; segments and images stay as written (each attempt of a job
   * writes a folder of its own, so a key never changes its bytes), which a CDN may keep for a day.
   */
  /** Playlists may gain a rendition while processing, and a live one changes every segment (2 s); the rest stays. */
  private static String cacheControl(String key, String ext) {
    if (!ext.equals("m3u8")) {
      return "public, max-age=86400";
    }
    return key.startsWith("live/") ? "no-cache" : "public, max-age=10";
  }

  /**
   * The first and last byte a {@code Range} header asks for, or null when it is malformed or unsatisfiable. A last
   * byte or a suffix past the file (however many digits) means up to its end (RFC 9110, 14.1.2); a first byte too
   * large for a number is past the end as well.
   */
  static long[] span(String range, long size) {
    Matcher m = RANGE.matcher(range.strip());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return null;
    }
    long start;
    long end = size - 1;
    if (m.group(1).isEmpty()) {
      start = size - Math.min(size, bytes(m.group(2)));
      if (start == size) {
        return null; // a suffix of no bytes
      }
    } else {
      start = bytes(m.group(1));
      if (!m.group(2).isEmpty()) {
        end = Math.min(end, bytes(m.group(2)));
      }
    }
    return start >= size || start > end ? null : new long[] {start, end};
  }

  /** Digits as a byte count; more than a long holds is {@code Long.MAX_VALUE}, past the end of any file. */
  private static long bytes(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException tooLarge) {
      return Long.MAX_VALUE;
    }
  }

  private static void unsatisfiable(HttpServerResponse response, long size) {
    response.setStatusCode(416).putHeader("content-range", "bytes */" + size).end();
  }

  private static ApiException notFound() {
    return new ApiException(404, "not_found", "没有这个媒体文件。", "No such media file.", null);
  }
}
