package lianxin.stats;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.List;
import lianxin.cache.Encoded;
import lianxin.cache.ResponseCache;
import lianxin.http.ApiException;
import lianxin.http.Fields;
import lianxin.http.Times;
import lianxin.metrics.Days;
import lianxin.metrics.Interval;
import lianxin.question.QuestionStats;

/**
 * {@code GET /api/stats/overview}: how the rooms of an org subtree did in a period; {@code GET /api/stats/followers}:
 * their followers over it ({@link FollowerTrend}). Both span rooms, so they are cached in the
 * {@link ResponseCache#GLOBAL} group: any committed change to a room, episode, metric or follower reading drops them
 * on every node; replay flushes announce their rooms at most once a second.
 */
public record OverviewRoutes(Pool pool, ResponseCache cache) {

  public void mount(Router router) {
    router.get("/api/stats/overview").handler(this::overview);
    router.get("/api/stats/followers").handler(this::followers);
  }

  /**
   * The overview as JSON, cached by its URL; the CSV and XLSX exports are made from it per request (they are rare)
   * and named after the org unit and the period, in Chinese ({@code filename*}, RFC 5987) with an ASCII fallback.
   */
  private void overview(RoutingContext ctx) {
    Long orgId = Fields.queryId(ctx, "orgId");
    LocalDate from = Days.param(ctx, "from");
    LocalDate to = Days.param(ctx, "to");
    Days.ordered(from, to);
    OverviewSql.GroupBy groupBy = groupBy(ctx);
    Format format = format(ctx);
    Future<Encoded> json = cache.get(ResponseCache.GLOBAL, ctx.request().uri(), () -> load(orgId, from, to, groupBy).map(Encoded::json));
    (format == Format.JSON ? json : json.map(encoded -> {
      JsonObject overview = new JsonObject(encoded.body());
      String ext = format.name().toLowerCase();
      ctx.response().putHeader("content-disposition", ExportName.disposition(
        ExportName.of(overview.getString("orgName"), from, to, groupBy, ext), ExportName.ascii(orgId, from, to, groupBy, ext)));
      return format == Format.CSV ? Encoded.of(OverviewCsv.of(overview), "text/csv; charset=utf-8")
        : Encoded.bytes(OverviewXlsx.of(overview), OverviewXlsx.CONTENT_TYPE);
    }))
      .onSuccess(encoded -> encoded.send(ctx))
      .onFailure(ctx::fail);
  }

  /** The subtree's (or the city's) followers over the period, added up with each account carried forward. */
  private void followers(RoutingContext ctx) {
    Long orgId = Fields.queryId(ctx, "orgId");
    LocalDate fromParam = Days.param(ctx, "from");
    LocalDate toParam = Days.param(ctx, "to");
    Days.ordered(fromParam, toParam);
    String raw = ctx.queryParams().get("interval");
    Interval fixed = raw == null || raw.isBlank() ? null : Interval.parse(raw);
    cache.get(ResponseCache.GLOBAL, ctx.request().uri(), () -> org(orgId).compose(org -> {
      LocalDate to = toParam != null ? toParam : LocalDate.now(Times.CHINA);
      Future<LocalDate> first = fromParam != null ? Future.succeededFuture(fromParam)
        : run(FollowerTrend.first(orgId)).map(rows -> rows.iterator().next().getLocalDate("day"));
      return first.compose(day -> {
        // Without readings (or only after the period) there is nothing to draw: one point, unknown.
        LocalDate from = day == null || day.isAfter(to) ? to : day;
        Interval interval = fixed != null ? fixed : Interval.forPeriod(from, to);
        List<LocalDate> starts = interval.starts(from, to);
        Future<RowSet<Row>> rows = day == null ? Future.succeededFuture(null) : run(FollowerTrend.series(orgId, from, to, starts));
        return rows.map(r -> FollowerTrend.toJson(orgId, from, to, interval, starts, r));
      });
    }).map(Encoded::json))
      .onSuccess(encoded -> encoded.send(ctx))
      .onFailure(ctx::fail);
  }

  /** The org unit (404 when there is none), or null for the city. */
  private Future<Row> org(Long orgId) {
    return orgId == null ? Future.succeededFuture(null)
      : pool.preparedQuery(OverviewSql.ORG).execute(Tuple.of(orgId)).map(rows -> {
        if (rows.size() == 0) {
          throw ApiException.notFound("org", orgId);
        }
        return rows.iterator().next();
      });
  }

  private Future<JsonObject> load(Long orgId, LocalDate from, LocalDate to, OverviewSql.GroupBy groupBy) {
    return org(orgId).compose(row -> {
      String name = row == null ? null : row.getString("name");
      boolean fewRooms = row != null && List.of("community", "village").contains(row.getString("kind"));
      OverviewSql sql = OverviewSql.of(orgId, from, to, groupBy, fewRooms);
      Future<RowSet<Row>> aggregate = run(sql.aggregate());
      Future<RowSet<Row>> rooms = run(sql.rooms());
      Future<RowSet<Row>> top = run(sql.top());
      Future<RowSet<Row>> months = sql.months() == null ? Future.succeededFuture(null) : run(sql.months());
      Future<RowSet<Row>> counts = sql.counts() == null ? Future.succeededFuture(null) : run(sql.counts());
      Future<QuestionStats.Figures> questions = new QuestionStats(pool).of(orgId, from, to, groupBy.name().toLowerCase());
      return Future.all(List.of(aggregate, rooms, top, months, counts, questions)).map(v -> Overview.withQuestions(
        Overview.toJson(orgId, name, from, to, groupBy, aggregate.result(), rooms.result(), top.result(), months.result(),
          counts.result()), questions.result()));
    });
  }

  private Future<RowSet<Row>> run(OverviewSql.Query query) {
    return pool.preparedQuery(query.sql()).execute(query.params());
  }

  private static OverviewSql.GroupBy groupBy(RoutingContext ctx) {
    String raw = ctx.queryParams().get("groupBy");
    if (raw == null || raw.isBlank()) {
      return OverviewSql.GroupBy.ROOM;
    }
    return switch (raw.strip()) {
      case "room" -> OverviewSql.GroupBy.ROOM;
      case "column" -> OverviewSql.GroupBy.COLUMN;
      case "month" -> OverviewSql.GroupBy.MONTH;
      case "org" -> OverviewSql.GroupBy.ORG;
      default -> throw ApiException.badRequest("groupBy", "groupBy 应为 room、column、month 或 org。", "groupBy must be room, column, month or org.");
    };
  }

  private enum Format { JSON, CSV, XLSX }

  private static Format format(RoutingContext ctx) {
    String format = ctx.queryParams().get("format");
    if (format == null || format.isBlank()) {
      return Format.JSON;
    }
    return switch (format.strip()) {
      case "json" -> Format.JSON;
      case "csv" -> Format.CSV;
      case "xlsx" -> Format.XLSX;
      default -> throw ApiException.badRequest("format", "format 应为 json、csv 或 xlsx。", "format must be json, csv or xlsx.");
    };
  }
}
