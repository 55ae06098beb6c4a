package lianxin.search;

import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import lianxin.http.ApiException;
import lianxin.http.Fields;

/**
 * {@code GET /api/search}: the query's words and filters. Every word is required (AND); only when that finds
 * nothing does the search fall back to any of them (OR), ranked by how much of the query each episode covers.
 */
record SearchQuery(String q, List<Terms.Word> words, Long roomId, Long columnId, Long orgId, OffsetDateTime from,
                   OffsetDateTime to, int limit, int offset) {

  /** Dates without a time are read in the rooms' usual zone. */
  private static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");
  private static final int MAX_QUERY = 100;
  /** Ranking weights for D, C, B, A (transcript, chapters and description, column/room/hosts, title). */
  private static final String WEIGHTS = "'{0.05, 0.2, 0.4, 1.0}'";

  static SearchQuery from(RoutingContext ctx) {
    String q = ctx.queryParams().get("q");
    if (q == null || q.isBlank()) {
      throw ApiException.invalid("q", "请输入要搜索的词。q must not be empty.");
    }
    if (q.codePointCount(0, q.length()) > MAX_QUERY) {
      throw ApiException.invalid("q", "搜索词最多 " + MAX_QUERY + " 个字。q is longer than " + MAX_QUERY + " characters.");
    }
    int offset = 0;
    String cursor = ctx.queryParams().get("cursor");
    if (cursor != null && !cursor.isBlank()) {
      offset = decode(cursor);
    }
    return new SearchQuery(q.strip(), Terms.query(q), Fields.queryId(ctx, "roomId"), Fields.queryId(ctx, "columnId"),
      Fields.queryId(ctx, "orgId"), Fields.queryTime(ctx, "from", DEFAULT_ZONE), Fields.queryTime(ctx, "to", DEFAULT_ZONE),
      Fields.limit(ctx, 20, 50), offset);
  }

  String tsquery(boolean all) {
    return String.join(all ? " & " : " | ", words.stream().map(Terms.Word::tsquery).toList());
  }

  /** The page of matching episodes, best first, with the number of matches. */
  String sql(List<Object> params, boolean all) {
    params.add(tsquery(all));
    List<String> where = new ArrayList<>(List.of("d.doc @@ $1::text::tsquery"));
    if (roomId != null) {
      params.add(roomId);
      where.add("d.room_id = $" + params.size());
    }
    if (columnId != null) {
      params.add(columnId);
      where.add("d.column_id = $" + params.size());
    }
    if (orgId != null) {
      params.add(orgId);
      where.add("d.org_id IN (WITH RECURSIVE t AS (SELECT id FROM orgs WHERE id = $" + params.size()
        + " UNION ALL SELECT o.id FROM orgs o JOIN t ON o.parent_id = t.id) SELECT id FROM t)");
    }
    if (from != null) {
      params.add(from);
      where.add("d.starts_at >= $" + params.size());
    }
    if (to != null) {
      params.add(to);
      where.add("d.starts_at < $" + params.size());
    }
    params.add(limit);
    params.add(offset);
    return "SELECT d.episode_id, ts_rank_cd(" + WEIGHTS + ", d.doc, $1::text::tsquery)::float8 AS score, count(*) OVER () AS total"
      + " FROM search_docs d WHERE " + String.join(" AND ", where)
      + " ORDER BY score DESC, d.starts_at DESC, d.episode_id DESC LIMIT $" + (params.size() - 1) + " OFFSET $" + params.size();
  }

  Tuple params(List<Object> params) {
    return Tuple.from(params);
  }

  static String cursor(int offset) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(("o" + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static int decode(String cursor) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      int offset = Integer.parseInt(raw.substring(1));
      if (raw.charAt(0) == 'o' && offset >= 0 && offset <= 10_000) {
        return offset;
      }
    } catch (RuntimeException ignored) {
      // reported below
    }
    throw ApiException.badRequest("cursor", "cursor 无效，请使用上一页返回的 next。cursor is not one this server gave out.");
  }
}
