package lianxin.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Serves the Brotli or gzip copy the build wrote beside each script, style sheet and SVG under {@code /assets/}
 * ({@code web/scripts/precompress.mjs}) to a browser that accepts it, like nginx's {@code brotli_static} and
 * {@code gzip_static}: the strongest compression, done once per build instead of on every request. Anything else
 * (no copy, an encoding not accepted, a name that is not a plain file name) falls through to the static handler.
 */
final class PrecompressedAssets implements Handler<RoutingContext> {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}\\.(js|css|svg)");
  private static final Map<String, String> TYPES = Map.of("js", "text/javascript; charset=utf-8",
    "css", "text/css; charset=utf-8", "svg", "image/svg+xml");
  /** Most preferred first: the file suffix and the Content-Encoding it stands for. */
  private static final String[][] ENCODINGS = {{".br", "br"}, {".gz", "gzip"}};

  private final Path assets;
  private final String cacheControl;

  PrecompressedAssets(Path assets, long maxAgeSeconds) {
    this.assets = assets;
    this.cacheControl = "public, immutable, max-age=" + maxAgeSeconds;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    String name = path.substring(path.lastIndexOf('/') + 1);
    String accepted = ctx.request().getHeader(HttpHeaders.ACCEPT_ENCODING);
    if (!path.equals("/assets/" + name) || !NAME.matcher(name).matches() || accepted == null) {
      ctx.next();
      return;
    }
    for (String[] e : ENCODINGS) {
      Path copy = assets.resolve(name + e[0]);
      if (accepts(accepted, e[1]) && Files.isRegularFile(copy)) {
        ctx.response()
          .putHeader(HttpHeaders.CONTENT_TYPE, TYPES.get(name.substring(name.lastIndexOf('.') + 1)))
          .putHeader(HttpHeaders.CONTENT_ENCODING, e[1])
          .putHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING)
          .putHeader(HttpHeaders.CACHE_CONTROL, cacheControl)
          .sendFile(copy.toString());
        return;
      }
    }
    ctx.next();
  }

  /** Whether an Accept-Encoding header takes {@code coding}: listed (or {@code *}) without {@code q=0}. */
  static boolean accepts(String header, String coding) {
    boolean star = false;
    for (String part : header.split(",")) {
      String[] p = part.split(";");
      String token = p[0].strip().toLowerCase(Locale.ROOT);
      boolean refused = false;
      for (int i = 1; i < p.length; i++) {
        String param = p[i].strip().toLowerCase(Locale.ROOT);
        if (param.startsWith("q=")) {
          refused = param.substring(2).strip().matches("0(\\.0{0,3})?");
        }
      }
      if (token.equals(coding)) {
        return !refused;
      }
      star |= token.equals("*") && !refused;
    }
    return star;
  }
}
