package lianxin.stats;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lianxin.db.Databases;
import lianxin.metrics.Counts;
import lianxin.metrics.Interval;

/**
 * {@code GET /api/stats/followers}: the followers of an org subtree (or the city) over a period, one point per day,
 * week (from Monday) or month, added up over every platform account of every room in scope.
 *
 * <p>What the line shows is what the overview's headline says. Each account counts at a point with its last
 * reading by then (gaps carry the last value); before the period it counts with its last reading before it, and an
 * account first counted inside the period counts with that first reading from the start. So a room whose hosts
 * began entering readings in March does not make the line jump in March by its whole following: the line rises
 * only by what the readings rose, and its rise from the start (the point before the period) to the end is the
 * overview's {@code followerGrowth} for the same period. Its last point is the overview's {@code followers} when
 * the period runs to now.
 *
 * <p>One probe per account for the reading before the period and one index range of its readings in the period
 * (each reading falls into its bucket on its room's clock and moves its account from the reading before it); the
 * changes are summed per bucket in SQL, so the answer is a row per bucket whatever the number of rooms.
 */
final class FollowerTrend {

  private FollowerTrend() {
  }

  /** The accounts in scope: every platform account of the rooms of the subtree (or the city). */
  private static final String ACCOUNTS = """
    , a AS MATERIALIZED (
      SELECT p.room_id, p.platform, rs.timezone
      FROM (SELECT DISTINCT room_id, platform FROM room_platforms) p JOIN rs ON rs.id = p.room_id
    )""";

  /** The local day of the scope's earliest reading: where a period without {@code from} starts. */
  static OverviewSql.Query first(Long orgId) {
    String sql = scope(orgId) + """

      SELECT min((x.at AT TIME ZONE a.timezone)::date) AS day
      FROM a CROSS JOIN LATERAL (SELECT s.at FROM follower_snapshots s WHERE s.room_id = a.room_id AND s.platform = a.platform
        ORDER BY s.at LIMIT 1) x""";
    return new OverviewSql.Query(Databases.PLAN_EACH_TIME + sql, orgId == null ? Tuple.tuple() : Tuple.of(orgId));
  }

  /**
   * Per bucket {@code k} (1-based): the sum of the accounts' changes in it, and the first readings of the accounts
   * first counted in it; row 0: the accounts' readings before the period. The start is row 0 plus every first
   * reading. One probe per account, then one index range of its readings in the period (a period's cost follows its
   * readings, not the account's whole history).
   */
  static OverviewSql.Query series(Long orgId, LocalDate from, LocalDate to, List<LocalDate> starts) {
    int n = orgId == null ? 0 : 1;
    String lo = "$" + (n + 1) + "::date";
    String hi = "$" + (n + 2) + "::date";
    String buckets = "$" + (n + 3) + "::date[]";
    String sql = scope(orgId) + """

      , b AS MATERIALIZED (
        -- Each account's edges on its room's clock and its last reading before the period.
        SELECT e.*, (SELECT x.count FROM follower_snapshots x WHERE x.room_id = e.room_id AND x.platform = e.platform
          AND x.at < e.lo ORDER BY x.at DESC LIMIT 1) AS before
        FROM (SELECT a.*, (%1$s::timestamp AT TIME ZONE a.timezone) AS lo, (%2$s::timestamp AT TIME ZONE a.timezone) AS hi FROM a) e
      ), moves AS (
        -- Each reading in the period, in its bucket, moves its account from the reading before it (or from the
        -- reading before the period); an account first counted inside the period starts at its first reading, as
        -- if it had been there from the start (base).
        SELECT width_bucket((x.at AT TIME ZONE b.timezone)::date, %3$s) AS k,
          x.count - coalesce(x.prev, b.before, x.count) AS delta,
          CASE WHEN x.prev IS NULL AND b.before IS NULL THEN x.count END AS base
        FROM b CROSS JOIN LATERAL (
          SELECT s.at, s.count, lag(s.count) OVER (ORDER BY s.at) AS prev FROM follower_snapshots s
          WHERE s.room_id = b.room_id AND s.platform = b.platform AND s.at >= b.lo AND s.at < b.hi) x
      )
      SELECT 0 AS k, coalesce(sum(before), 0) AS delta, 0 AS base, count(before) AS accounts FROM b
      UNION ALL SELECT k, sum(delta), coalesce(sum(base), 0), count(base) FROM moves GROUP BY k""".formatted(lo, hi, buckets);
    Tuple params = orgId == null ? Tuple.tuple() : Tuple.of(orgId);
    params.addLocalDate(from).addLocalDate(to.plusDays(1)).addArrayOfLocalDate(starts.toArray(LocalDate[]::new));
    return new OverviewSql.Query(Databases.PLAN_EACH_TIME + sql, params);
  }

  private static String scope(Long orgId) {
    return (orgId == null ? OverviewSql.CITY : OverviewSql.ORG_SCOPE) + ACCOUNTS;
  }

  /** The series as clients read it; {@code rows} null when the scope has no reading at all. */
  static JsonObject toJson(Long orgId, LocalDate from, LocalDate to, Interval interval, List<LocalDate> starts, Iterable<Row> rows) {
    Map<Integer, Long> deltas = new HashMap<>();
    long accounts = 0;
    long start = 0;
    if (rows != null) {
      for (Row row : rows) {
        int k = row.getInteger("k");
        // Row 0: the accounts' readings before the period; each bucket's row: the changes in it, and the first
        // readings of the accounts first counted in it (part of the start).
        start += row.getLong("base") + (k == 0 ? row.getLong("delta") : 0);
        accounts += row.getLong("accounts");
        if (k > 0) {
          deltas.put(k, row.getLong("delta"));
        }
      }
    }
    boolean known = accounts > 0;
    JsonArray points = new JsonArray();
    long total = start;
    points.add(point(from == null ? null : from.minusDays(1), known ? start : null).put("start", true));
    for (int i = 0; i < starts.size(); i++) {
      total += deltas.getOrDefault(i + 1, 0L);
      LocalDate last = i + 1 < starts.size() ? starts.get(i + 1).minusDays(1) : to;
      points.add(point(last, known ? total : null));
    }
    Long end = known ? total : null;
    Long growth = known ? total - start : null;
    return new JsonObject().put("orgId", orgId).put("from", from == null ? null : from.toString())
      .put("to", to == null ? null : to.toString()).put("interval", interval.name().toLowerCase())
      .put("accounts", accounts)
      .put("start", known ? start : null).put("startLabel", Counts.label(known ? start : null))
      .put("end", end).put("endLabel", Counts.label(end))
      .put("growth", growth).put("growthLabel", Counts.label(growth))
      .put("points", points);
  }

  private static JsonObject point(LocalDate day, Long total) {
    return new JsonObject().put("day", day == null ? null : day.toString()).put("total", total).put("totalLabel", Counts.label(total));
  }
}
