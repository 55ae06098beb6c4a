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

/** {@code GET /media/archive/...}: archive files with byte ranges, their types and cache headers. */
public record MediaRoutes(Vertx vertx, MediaStore store) {

  private static final Map<String, String> TYPES = Map.of(
    "m3u8", "application/vnd.apple.mpegurl",
    "m4s", "video/mp4",
    "mp4", "video/mp4",
    "m4a", "audio/mp4",
    "vtt", "text/vtt; charset=utf-8",
    "jpg", "image/jpeg");
  private static final Pattern RANGE = Pattern.compile("^bytes=(\\d*)-(\\d*)$");

  public void mount(Router router) {
    router.get(MediaUrls.PREFIX + "*").handler(this::serve);
    router.head(MediaUrls.PREFIX + "*").handler(this::serve);
    router.route(MediaUrls.PREFIX + "*").failureHandler(Failures::handle);
  }

  private void serve(RoutingContext ctx) {
    // The raw path: keys hold only safe characters, so anything encoded (%2e%2e, %2f) is simply not found.
    String key = ctx.request().path().substring(MediaUrls.PREFIX.length());
    String ext = key.substring(key.lastIndexOf('.') + 1);
    Path file = key.startsWith("archive/") && TYPES.containsKey(ext) ? store.path(key) : null;
    if (file == null) {
      throw notFound();
    }
    vertx.fileSystem().props(file.toString())
      .recover(e -> io.vertx.core.Future.failedFuture(notFound()))
      .onSuccess(props -> send(ctx, file, ext, props))
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
      // Playlists may gain a rendition while processing; segments and images stay as written.
      .putHeader("cache-control", ext.equals("m3u8") ? "public, max-age=10" : "public, max-age=86400")
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
      Matcher m = RANGE.matcher(range.strip());
      if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
        unsatisfiable(response, size);
        return;
      }
      if (m.group(1).isEmpty()) {
        start = Math.max(0, size - Long.parseLong(m.group(2)));
      } else {
        start = Long.parseLong(m.group(1));
        end = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
      }
      if (start >= size || start > end) {
        unsatisfiable(response, size);
        return;
      }
      response.setStatusCode(206).putHeader("content-range", "bytes " + start + "-" + end + "/" + size);
    }
    long length = end - start + 1;
    if (ctx.request().method() == HttpMethod.HEAD) {
      response.putHeader("content-length", String.valueOf(length)).end();
      return;
    }
    response.sendFile(file.toString(), start, length).onFailure(e -> ctx.response().reset());
  }

  private static void unsatisfiable(HttpServerResponse response, long size) {
    response.setStatusCode(416).putHeader("content-range", "bytes */" + size).end();
  }

  private static ApiException notFound() {
    return new ApiException(404, "not_found", "没有这个媒体文件。No such media file.", null);
  }
}
