package lianxin.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lianxin.http.Origins;
import lianxin.media.MediaUrls;
import lianxin.media.StartFiles;

/**
 * The app's page for {@code /rooms/{id}} and {@code /episodes/{id}} with that room's or episode's own title,
 * description and poster in the HTML itself ({@code <title>}, {@code description}, Open Graph and the
 * {@code itemprop} tags WeChat reads), because a link pasted into WeChat is previewed from the HTML without running
 * any script. {@code ?t=SECONDS} (分享此刻) says where playback starts. Chinese: the pages' language by default.
 *
 * <p>The same HTML names what the page fetches first ({@code <link rel=modulepreload>} and {@code preload}): the
 * page's script chunks and, for an archived episode, the files of its first second on the lowest rung. On a phone's
 * 400 ms link these otherwise wait for the app's script to run, then for the player library, one round trip each.
 */
final class SharePages {

  private static final Logger LOG = Logger.getLogger(SharePages.class.getName());
  private static final Pattern TITLE = Pattern.compile("<title>[^<]*</title>");
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm");
  private static final int DESCRIPTION = 120;

  private final Vertx vertx;
  private final Pool pool;
  private final Path index;
  private final ScriptPreloads scripts;
  private final StartFiles starts;

  SharePages(Vertx vertx, Pool pool, Path webDir, StartFiles starts) {
    this.vertx = vertx;
    this.pool = pool;
    this.index = webDir.resolve("index.html");
    this.scripts = ScriptPreloads.read(webDir);
    this.starts = starts;
  }

  /** A page's own head: {@code hints} are link tags that go before {@code </head>}. */
  private record Meta(String title, String description, String image, String hints) {

    Meta withHints(String more) {
      return new Meta(title, description, image, hints + more);
    }
  }

  void episode(RoutingContext ctx) {
    long id = id(ctx);
    Integer at = seconds(ctx);
    Future<Meta> meta = id <= 0 ? Future.succeededFuture(null) : pool.preparedQuery(ShareSql.EPISODE).execute(Tuple.of(id))
      .compose(rows -> {
        if (rows.size() == 0) {
          return Future.succeededFuture(null);
        }
        Row row = rows.iterator().next();
        Meta page = episode(row, at, scripts(ScriptPreloads.EPISODE));
        String master = row.getString("master_key");
        // Without the media hints the page still plays: a store that cannot answer only costs the head start.
        return master == null ? Future.succeededFuture(page) : starts.of(vertx, master, at == null ? 0 : at)
          .map(keys -> page.withHints(media(keys)))
          .otherwise(e -> {
            LOG.warning("no media hints for episode " + id + ": " + e.getMessage());
            return page;
          });
      });
    send(ctx, meta);
  }

  void room(RoutingContext ctx) {
    long id = id(ctx);
    Future<Meta> meta = id <= 0 ? Future.succeededFuture(null) : pool.preparedQuery(ShareSql.ROOM).execute(Tuple.of(id))
      .map(rows -> rows.size() == 0 ? null : room(rows.iterator().next(), scripts(ScriptPreloads.ROOM)));
    send(ctx, meta);
  }

  private String scripts(List<String> sources) {
    StringBuilder tags = new StringBuilder();
    scripts.styles(sources).forEach(href -> tags.append("  <link rel=\"preload\" as=\"style\" crossorigin href=\"")
      .append(escape(href)).append("\">\n"));
    scripts.modules(sources).forEach(href -> tags.append("  <link rel=\"modulepreload\" crossorigin href=\"")
      .append(escape(href)).append("\">\n"));
    return tags.toString();
  }

  /** Fetches the replay's loader makes with its own requests ({@code fetch}, same-origin credentials), so they match these. */
  private static String media(List<String> keys) {
    StringBuilder tags = new StringBuilder();
    keys.forEach(k -> tags.append("  <link rel=\"preload\" as=\"fetch\" crossorigin=\"anonymous\" href=\"")
      .append(escape(MediaUrls.of(k))).append("\">\n"));
    return tags.toString();
  }

  private static Meta episode(Row e, Integer at, String hints) {
    String number = e.getInteger("number") == null ? "" : " · 第" + e.getInteger("number") + "期";
    String when = e.getOffsetDateTime("starts_at").atZoneSameInstant(ZoneId.of(e.getString("timezone"))).format(WHEN);
    String status = switch (e.getString("status")) {
      case "live" -> "直播中 · ";
      case "cancelled" -> "已取消 · ";
      default -> "";
    };
    String from = at == null ? "" : "从 " + clock(at) + " 起播放 · ";
    String about = e.getString("description") == null ? "" : " · " + e.getString("description");
    return new Meta(e.getString("title") + number + " | " + e.getString("room_name"),
      shorten(from + status + e.getString("room_name") + "（" + e.getString("org_name") + "）· " + when + about),
      e.getString("poster_key"), hints);
  }

  private static Meta room(Row r, String hints) {
    String about = r.getString("description") != null ? r.getString("description")
      : r.getString("org_name") + "「" + r.getString("name") + "」的直播安排与往期节目。";
    return new Meta(r.getString("name") + " · " + r.getString("org_name") + " | 连心", shorten(about), r.getString("poster_key"),
      hints);
  }

  /** The page with its own head; the plain app when the row is missing (404) or the database cannot say. */
  private void send(RoutingContext ctx, Future<Meta> meta) {
    vertx.fileSystem().readFile(index.toString()).onFailure(e -> ctx.next()).onSuccess(file -> meta
      .onFailure(e -> {
        LOG.warning("share preview of " + ctx.request().path() + " left out: " + e.getMessage());
        html(ctx, 200, file.toString());
      })
      .onSuccess(m -> {
        if (m == null) {
          html(ctx, 404, head(file.toString(), new Meta("找不到这一页 | 连心", "这个直播间或节目不存在，或已被删除。", null, ""), base(ctx), ctx));
        } else {
          html(ctx, 200, head(file.toString(), m, base(ctx), ctx));
        }
      }));
  }

  /** The address the client used; none (relative links) when its Host is not a name. */
  private static String base(RoutingContext ctx) {
    String base = Origins.of(ctx);
    return base == null ? "" : base;
  }

  private static void html(RoutingContext ctx, int status, String body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").end(body);
  }

  /** index.html with {@code meta} in place of its generic title and its hints at the end of the head. */
  static String head(String page, Meta meta, String base, RoutingContext ctx) {
    String url = base + ctx.request().path() + (seconds(ctx) == null ? "" : "?t=" + seconds(ctx));
    StringBuilder tags = new StringBuilder("<title>").append(escape(meta.title())).append("</title>\n");
    tag(tags, "name", "description", meta.description());
    tag(tags, "property", "og:type", "website");
    tag(tags, "property", "og:site_name", "连心");
    tag(tags, "property", "og:title", meta.title());
    tag(tags, "property", "og:description", meta.description());
    tag(tags, "property", "og:url", url);
    tag(tags, "itemprop", "name", meta.title());
    tag(tags, "itemprop", "description", meta.description());
    if (meta.image() != null) {
      String image = base + MediaUrls.of(meta.image());
      tag(tags, "property", "og:image", image);
      tag(tags, "itemprop", "image", image);
    }
    Matcher m = TITLE.matcher(page);
    String titled = m.find() ? page.substring(0, m.start()) + tags.toString().stripTrailing() + page.substring(m.end()) : page;
    int end = titled.indexOf("</head>");
    return end < 0 || meta.hints().isEmpty() ? titled : titled.substring(0, end) + meta.hints() + titled.substring(end);
  }

  private static void tag(StringBuilder tags, String attribute, String name, String content) {
    tags.append("  <meta ").append(attribute).append("=\"").append(name).append("\" content=\"")
      .append(escape(content)).append("\">\n");
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
  }

  private static String shorten(String s) {
    String one = s.replaceAll("\\s+", " ").strip();
    return one.codePointCount(0, one.length()) <= DESCRIPTION ? one
      : one.substring(0, one.offsetByCodePoints(0, DESCRIPTION - 1)) + "…";
  }

  private static String clock(int seconds) {
    return seconds >= 3600 ? String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
      : String.format("%d:%02d", seconds / 60, seconds % 60);
  }

  /** The id in the path; 0 for anything that is not one (a page for nothing, 404). */
  private static long id(RoutingContext ctx) {
    String raw = ctx.pathParam("id");
    return raw != null && raw.matches("[1-9][0-9]{0,17}") ? Long.parseLong(raw) : 0;
  }

  /** {@code ?t=} as whole seconds within a day; null when absent or not one. */
  private static Integer seconds(RoutingContext ctx) {
    String t = ctx.request().getParam("t");
    return t != null && t.matches("[0-9]{1,5}") && Integer.parseInt(t) <= 86_400 ? Integer.valueOf(t) : null;
  }
}
