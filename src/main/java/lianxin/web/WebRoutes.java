package lianxin.web;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.sqlclient.Pool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import lianxin.media.MediaUrls;
import lianxin.media.StartFiles;

/**
 * The built front-end (WEB_DIR, web/dist) at /. Hashed files under /assets/ never change, so browsers keep them a
 * year (as the Brotli or gzip copy the build wrote, when the browser takes it); index.html and anything else
 * revalidates every time, so a new build is seen at once. Page paths of the
 * single-page app (/rooms/3, /search, /episodes/5, /host ...) that are not files answer index.html.
 */
public record WebRoutes(Path webDir, Vertx vertx, Pool pool, StartFiles starts) {

  private static final long YEAR = 365L * 24 * 3600;
  /** A last path segment with a dot names a file: a missing one is a 404, not the app. */
  private static final Pattern FILE_NAME = Pattern.compile(".*/[^/]*\\.[^/]*$");

  public void mount(Router router) {
    String root = webDir.toString();
    router.get("/assets/*").handler(new PrecompressedAssets(webDir.resolve("assets"), YEAR));
    // A handler on /assets/* resolves paths below its mount point.
    router.get("/assets/*").handler(StaticHandler.create(FileSystemAccess.ROOT, webDir.resolve("assets").toString())
      .setCachingEnabled(true).setMaxAgeSeconds(YEAR));
    router.route().handler(WebRoutes::revalidate);
    router.route().handler(StaticHandler.create(FileSystemAccess.ROOT, root)
      .setCachingEnabled(false).setIndexPage("index.html"));
    // Links shared in WeChat are previewed from the HTML: these pages carry their own title, description, poster.
    SharePages share = new SharePages(vertx, pool, webDir, starts);
    router.get("/episodes/:id").handler(share::episode);
    router.get("/rooms/:id").handler(share::room);
    router.route().handler(this::app);
  }

  private static boolean reserved(String path) {
    return path.startsWith("/api/") || path.startsWith(MediaUrls.PREFIX) || path.startsWith("/assets/");
  }

  private static void revalidate(RoutingContext ctx) {
    ctx.response().putHeader("Cache-Control", "no-cache");
    ctx.next();
  }

  private void app(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    String raw = ctx.request().path();
    // Checked before and after normalising: /media/archive/%2e%2e/%2e%2e/etc/passwd stays a 404, not the app.
    boolean page = (ctx.request().method() == HttpMethod.GET || ctx.request().method() == HttpMethod.HEAD)
      && !reserved(path) && !reserved(raw) && !raw.contains("..") && !raw.toLowerCase().contains("%2e")
      && !FILE_NAME.matcher(path).matches();
    Path index = webDir.resolve("index.html");
    if (!page || !Files.isRegularFile(index)) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").sendFile(index.toString());
  }
}
