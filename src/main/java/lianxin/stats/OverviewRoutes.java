package lianxin.stats;

import io.vertx.core.Future;
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
import lianxin.metrics.Days;

/**
 * {@code GET /api/stats/overview}: how the rooms of an org subtree did in a period. Overviews span rooms, so they
 * are cached in the {@link ResponseCache#GLOBAL} group: any committed change to a room, episode, metric or
 * follower reading drops them on every node; replay flushes announce their rooms at most once a second.
 */
public record OverviewRoutes(Pool pool, ResponseCache cache) {

  public void mount(Router router) {
    router.get("/api/stats/overview").handler(this::overview);
  }

  private void overview(RoutingContext ctx) {
    Long orgId = Fields.queryId(ctx, "orgId");
    LocalDate from = Days.param(ctx, "from");
    LocalDate to = Days.param(ctx, "to");
    Days.ordered(from, to);
    OverviewSql.GroupBy groupBy = groupBy(ctx);
    Format format = format(ctx);
    cache.get(ResponseCache.GLOBAL, ctx.request().uri(), () -> load(orgId, from, to, groupBy).map(json -> switch (format) {
        case JSON -> Encoded.json(json);
        case CSV -> Encoded.of(OverviewCsv.of(json), "text/csv; charset=utf-8");
        case XLSX -> Encoded.bytes(OverviewXlsx.of(json), OverviewXlsx.CONTENT_TYPE);
      }))
      .onSuccess(encoded -> {
        if (format != Format.JSON) {
          String name = "overview." + format.name().toLowerCase();
          ctx.response().putHeader("content-disposition", "attachment; filename=\"" + name + "\"");
        }
        encoded.send(ctx);
      })
      .onFailure(ctx::fail);
  }

  private Future<io.vertx.core.json.JsonObject> load(Long orgId, LocalDate from, LocalDate to, OverviewSql.GroupBy groupBy) {
    Future<io.vertx.sqlclient.Row> org = orgId == null ? Future.succeededFuture(null)
      : pool.preparedQuery(OverviewSql.ORG).execute(Tuple.of(orgId)).map(rows -> {
        if (rows.size() == 0) {
          throw ApiException.notFound("org", orgId);
        }
        return rows.iterator().next();
      });
    return org.compose(row -> {
      String name = row == null ? null : row.getString("name");
      boolean fewRooms = row != null && List.of("community", "village").contains(row.getString("kind"));
      OverviewSql sql = OverviewSql.of(orgId, from, to, groupBy, fewRooms);
      Future<RowSet<Row>> aggregate = run(sql.aggregate());
      Future<RowSet<Row>> rooms = run(sql.rooms());
      Future<RowSet<Row>> top = run(sql.top());
      Future<RowSet<Row>> months = sql.months() == null ? Future.succeededFuture(null) : run(sql.months());
      return Future.all(aggregate, rooms, top, months).map(v -> Overview.toJson(orgId, name,
        from == null ? null : from.toString(), to == null ? null : to.toString(), groupBy,
        aggregate.result(), rooms.result(), top.result(), months.result()));
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
