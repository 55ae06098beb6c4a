package lianxin.schedule;

import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import lianxin.http.ApiException;
import lianxin.http.Fields;

/**
 * {@code GET /api/episodes} filters as one keyset-paged query. A plain date in {@code from}/{@code to} means
 * that day in each room's own zone; a date-time with offset is an instant.
 */
record EpisodeQuery(String sql, Tuple params, int limit) {

  private static final Set<String> STATUSES = Set.of("scheduled", "live", "ended", "cancelled");

  static EpisodeQuery from(RoutingContext ctx) {
    int limit = Fields.limit(ctx, 50, 200);
    List<Object> params = new ArrayList<>();
    List<String> where = new ArrayList<>();
    Long roomId = Fields.queryId(ctx, "roomId");
    if (roomId != null) {
      params.add(roomId);
      where.add("e.room_id = $" + params.size());
    }
    Long columnId = Fields.queryId(ctx, "columnId");
    if (columnId != null) {
      params.add(columnId);
      where.add("e.column_id = $" + params.size());
    }
    Long seriesId = Fields.queryId(ctx, "seriesId");
    if (seriesId != null) {
      params.add(seriesId);
      where.add("e.series_id = $" + params.size());
    }
    Long orgId = Fields.queryId(ctx, "orgId");
    if (orgId != null) {
      params.add(orgId);
      where.add("r.org_id IN (WITH RECURSIVE t AS (SELECT id FROM orgs WHERE id = $" + params.size()
        + " UNION ALL SELECT o.id FROM orgs o JOIN t ON o.parent_id = t.id) SELECT id FROM t)");
    }
    String status = ctx.queryParams().get("status");
    if (status != null && !status.isBlank()) {
      String[] wanted = status.split(",");
      for (String s : wanted) {
        if (!STATUSES.contains(s.trim())) {
          throw ApiException.badRequest("status", "status 应为 scheduled、live、ended 或 cancelled。", "status must be scheduled, live, ended or cancelled.");
        }
      }
      params.add(java.util.Arrays.stream(wanted).map(String::trim).toArray(String[]::new));
      where.add("e.status = ANY($" + params.size() + ")");
    }
    bound(ctx, "from", ">=", params, where);
    bound(ctx, "to", "<", params, where);
    String cursor = ctx.queryParams().get("cursor");
    if (cursor != null && !cursor.isBlank()) {
      Object[] after = decodeCursor(cursor);
      params.add(after[0]);
      params.add(after[1]);
      where.add("(e.starts_at, e.id) > ($" + (params.size() - 1) + ", $" + params.size() + ")");
    }
    params.add(limit);
    String sql = EpisodeSql.SELECT + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
      + " ORDER BY e.starts_at, e.id LIMIT $" + params.size();
    return new EpisodeQuery(sql, Tuple.from(params), limit);
  }

  static String cursorAfter(OffsetDateTime startsAt, long id) {
    Instant at = startsAt.toInstant();
    String raw = at.getEpochSecond() + ":" + at.getNano() + ":" + id;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  private static Object[] decodeCursor(String cursor) {
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
      Instant at = Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
      return new Object[] {OffsetDateTime.ofInstant(at, ZoneOffset.UTC), Long.parseLong(parts[2])};
    } catch (RuntimeException e) {
      throw ApiException.badRequest("cursor", "cursor 无效，请使用上一页返回的 next。", "cursor is not one this server gave out.");
    }
  }

  private static void bound(RoutingContext ctx, String field, String op, List<Object> params, List<String> where) {
    String raw = ctx.queryParams().get(field);
    if (raw == null || raw.isBlank()) {
      return;
    }
    boolean end = field.equals("to");
    if (raw.length() <= 10) {
      LocalDate day;
      try {
        day = Fields.within(field, LocalDate.parse(raw));
      } catch (DateTimeParseException e) {
        throw ApiException.badRequest(field, field + " 应为日期或时间，如 2026-12-01。", field + " must be a date or a date-time.");
      }
      LocalDate edge = end ? day.plusDays(1) : day;
      params.add(edge);
      int dayParam = params.size();
      // Every zone is within ±14 h of UTC: a coarse bound the index can use, then the exact local day per room.
      Instant midnightUtc = edge.atStartOfDay().toInstant(ZoneOffset.UTC);
      params.add(OffsetDateTime.ofInstant(midnightUtc.plus(end ? 14 : -14, ChronoUnit.HOURS), ZoneOffset.UTC));
      where.add("e.starts_at " + op + " $" + params.size());
      where.add("e.starts_at " + op + " ($" + dayParam + "::date::timestamp AT TIME ZONE r.timezone)");
      return;
    }
    params.add(Fields.parseInstant(field, raw));
    where.add("e.starts_at " + op + " $" + params.size());
  }
}
