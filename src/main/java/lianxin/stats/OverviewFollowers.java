package lianxin.stats;

import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The overview's follower SQL (it follows {@link OverviewSql}'s scope CTEs {@code rs} and {@code ids}). Followers
 * belong to a room's platform accounts: each account counts with its latest reading ({@code follower_latest}),
 * and grows over a period from its reading before the period (or, when first counted inside it, its first
 * reading) to its last reading before the period's end.
 *
 * <p>Two ways to the same figures. A period of whole months that is over, or still under way, is one pass over
 * its rows of {@code follower_months} (each account's first and last reading per month on the room's clock, and
 * the last reading of its previous month with readings, see V9): a row grows by its last reading less that
 * previous one (or less its own first reading when it is the account's first), so a period's growth is the sum
 * over its rows, and the followers at a month's end are the latest readings less the changes after it. A
 * period that starts or ends inside a month probes {@code follower_snapshots} at its edges, once per account
 * ({@code pass} false forces this way, for the tests that compare the two).
 */
record OverviewFollowers(LocalDate from, LocalDate to, String inScope, boolean pass) {

  static OverviewFollowers of(LocalDate from, LocalDate to, String inScope) {
    return new OverviewFollowers(from, to, inScope, true);
  }

  /** Per room in scope: its child unit, followers now and growth in the period. */
  String rooms() {
    if (pass && startsOnFirst() && (endsLater() || endsOnLast() && over())) {
      return """

        SELECT rs.id, rs.name, rs.top, o.name AS top_name, coalesce(n.followers, 0) AS followers, coalesce(g.growth, 0) AS growth
        FROM rs JOIN orgs o ON o.id = rs.top
        LEFT JOIN (SELECT l.room_id, sum(l.count) AS followers FROM follower_latest l WHERE CURRENT_L GROUP BY 1) n ON n.room_id = rs.id
        LEFT JOIN (SELECT f.room_id, sum(f.last_count - START) AS growth FROM follower_months f
          WHERE CURRENT_F RANGE GROUP BY 1) g ON g.room_id = rs.id"""
        .replace("START", endsLater() ? startBeforeNow() : "coalesce(f.prev_count, f.first_count)")
        .replace("CURRENT_L", current("l")).replace("CURRENT_F", current("f"))
        .replace(" RANGE", (from == null ? "" : " AND f.month >= '" + from + "'::date")
          + (endsLater() ? "" : " AND f.month <= '" + to.withDayOfMonth(1) + "'::date"));
    }
    return accounts() + """

      SELECT rs.id, rs.name, rs.top, o.name AS top_name, coalesce(sum(fv.now), 0) AS followers,
        coalesce(sum(fv.at_end), 0) - coalesce(sum(fv.at_start), 0) AS growth
      FROM rs JOIN orgs o ON o.id = rs.top LEFT JOIN fv ON fv.room_id = rs.id
      GROUP BY rs.id, rs.name, rs.top, o.name""";
  }

  /**
   * Per month of the period: followers at the month's end (or the period's, or now) and growth within it, over
   * every account in scope. A month's growth starts from the previous month's end (the value before the period
   * for the first month), or from the account's first reading in the month when it had none before; so the
   * months' growths add up to the period's.
   */
  String months() {
    String lastMonth = to == null ? "date_trunc('month', now() AT TIME ZONE 'UTC' + interval '14 hours')::date"
      : "'" + to.withDayOfMonth(1) + "'::date";
    if (pass && startsOnFirst() && (endsLater() || endsOnLast())) {
      // A month's end is the latest readings less the changes of the months after it: only the rows from the
      // period's first month on are read.
      return """
        , rows AS (
          SELECT f.month, f.last_count - coalesce(f.prev_count, 0) AS change,
            f.last_count - coalesce(f.prev_count, f.first_count) AS growth
          FROM follower_months f WHERE CURRENT_F AND f.room_id IN (SELECT id FROM rs) FROM_MONTH
        ), per_month AS (SELECT month, sum(change) AS change, sum(growth) AS growth FROM rows GROUP BY month)
        , months AS (SELECT m::date AS month FROM generate_series(FIRST_MONTH, LAST_MONTH, interval '1 month') m)
        SELECT to_char(m.month, 'YYYY-MM') AS key,
          (SELECT coalesce(sum(l.count), 0) FROM follower_latest l WHERE CURRENT_L AND l.room_id IN (SELECT id FROM rs))
            - (SELECT coalesce(sum(change), 0) FROM per_month) + sum(coalesce(p.change, 0)) OVER (ORDER BY m.month) AS followers,
          coalesce(p.growth, 0) AS growth
        FROM months m LEFT JOIN per_month p ON p.month = m.month"""
        .replace("FIRST_MONTH", from == null ? "(SELECT min(month) FROM per_month)" : "'" + from + "'::date")
        .replace("LAST_MONTH", lastMonth)
        .replace("CURRENT_L", current("l")).replace("CURRENT_F", current("f"))
        .replace(" FROM_MONTH", from == null ? "" : " AND f.month >= '" + from + "'::date");
    }
    String firstMonth = from == null ? "(SELECT min(f.month) FROM follower_months f JOIN fv USING (room_id, platform))"
      : "'" + from.withDayOfMonth(1) + "'::date";
    // A last month cut short by the period (and already over) ends with the probe at the period's end.
    boolean partialEnd = !endsOnLast() && !endsLater();
    return accounts() + """
      , months AS (SELECT m::date AS month FROM generate_series(FIRST_MONTH, LAST_MONTH, interval '1 month') m)
      , grid AS (
        SELECT fv.room_id, fv.platform, m.month, fv.before, fv.at_end, f.first_count, f.last_count,
          array_agg(f.last_count) FILTER (WHERE f.last_count IS NOT NULL)
            OVER (PARTITION BY fv.room_id, fv.platform ORDER BY m.month) AS seen
        FROM fv CROSS JOIN months m
        LEFT JOIN follower_months f ON f.room_id = fv.room_id AND f.platform = fv.platform AND f.month = m.month
        WHERE fv.now IS NOT NULL
      ), ends AS (
        SELECT grid.*, CASE WHEN PARTIAL_END AND month = LAST_MONTH THEN at_end
          ELSE coalesce(seen[array_upper(seen, 1)], before) END AS month_end
        FROM grid
      ), growth AS (
        SELECT ends.*, coalesce(lag(month_end) OVER w, CASE WHEN month = FIRST_MONTH THEN before END, first_count) AS month_start
        FROM ends WINDOW w AS (PARTITION BY room_id, platform ORDER BY month)
      )
      SELECT to_char(month, 'YYYY-MM') AS key, coalesce(sum(month_end), 0) AS followers,
        coalesce(sum(month_end), 0) - coalesce(sum(month_start) FILTER (WHERE month_end IS NOT NULL), 0) AS growth
      FROM growth GROUP BY month"""
      .replace("FIRST_MONTH", firstMonth).replace("LAST_MONTH", lastMonth).replace("PARTIAL_END", Boolean.toString(partialEnd));
  }

  /**
   * Rows of {@code alias} (follower_latest or follower_months) of the rooms in scope and of the accounts the room
   * has now (a platform taken off a room no longer counts). A semi-join on room_platforms, whose statistics the
   * planner knows: joined with a CTE of the accounts it guessed 80 rows of 16,000 and sorted them to group.
   */
  private String current(String alias) {
    return ("EXISTS (SELECT 1 FROM room_platforms p WHERE p.room_id = X.room_id AND p.platform = X.platform)" + inScope.formatted("X.room_id"))
      .replace("X.", alias + ".");
  }

  /**
   * A period under way grows up to the latest reading from the first reading before now: the first row's first
   * reading unless that row holds a reading from the future (a host's clock a few minutes ahead), then a probe.
   */
  private static String startBeforeNow() {
    return """
      CASE WHEN f.prev_count IS NOT NULL THEN f.prev_count WHEN f.last_at < now() THEN f.first_count
        ELSE coalesce((SELECT x.count FROM follower_snapshots x WHERE x.room_id = f.room_id AND x.platform = f.platform
          AND x.at < now() ORDER BY x.at LIMIT 1), 0) END""";
  }

  /** The accounts each room has now (with their latest reading) and the probes at the period's edges. */
  private String accounts() {
    String fromEdge = from == null ? "'-infinity'::timestamptz" : "('" + from + "'::timestamp AT TIME ZONE a.timezone)";
    String toEdge = to == null ? "now()" : "least(now(), ('" + to.plusDays(1) + "'::timestamp AT TIME ZONE a.timezone))";
    String probe = """
      (SELECT x.count FROM follower_snapshots x WHERE x.room_id = a.room_id AND x.platform = a.platform AND x.at < EDGE
       ORDER BY x.at DESC LIMIT 1)""";
    // A period still under way ends with the latest readings: one probe fewer per account.
    String atEnd = endsLater() ? "a.now" : "CASE WHEN a.now IS NULL THEN NULL ELSE " + probe.replace("EDGE", toEdge) + " END";
    String before = from == null ? "NULL::bigint" : "CASE WHEN a.now IS NULL THEN NULL ELSE " + probe.replace("EDGE", fromEdge) + " END";
    return """
      , a AS (
        -- Materialized below so each probe runs once per account, not once per row that uses it.
        SELECT p.room_id, p.platform, rs.timezone, l.count AS now
        FROM (SELECT DISTINCT room_id, platform FROM room_platforms) p JOIN rs ON rs.id = p.room_id
        LEFT JOIN follower_latest l ON l.room_id = p.room_id AND l.platform = p.platform
        WHERE true IN_SCOPE
      ), b AS MATERIALIZED (
        SELECT a.room_id, a.platform, a.timezone, a.now, AT_END AS at_end, BEFORE AS before FROM a
      ), fv AS MATERIALIZED (
        -- An account first counted inside the period grows from its first reading there.
        SELECT b.*, CASE WHEN b.before IS NOT NULL OR b.now IS NULL THEN b.before ELSE
          (SELECT x.count FROM follower_snapshots x WHERE x.room_id = b.room_id
             AND x.platform = b.platform AND x.at < TO_EDGE_X ORDER BY x.at LIMIT 1) END AS at_start
        FROM b
      )"""
      .replace("AT_END", atEnd).replace("BEFORE", before)
      .replace("TO_EDGE_X", toEdge.replace("a.timezone", "b.timezone"))
      .replace(" IN_SCOPE", inScope.formatted("p.room_id"));
  }

  private boolean startsOnFirst() {
    return from == null || from.getDayOfMonth() == 1;
  }

  private boolean endsOnLast() {
    return to != null && to.plusDays(1).getDayOfMonth() == 1;
  }

  /** The period's end has passed on every clock (the earliest is 12 hours behind UTC). */
  private boolean over() {
    return to != null && !to.plusDays(2).isAfter(LocalDate.now(ZoneOffset.UTC));
  }

  /**
   * A period that has not ended yet everywhere (every zone is within 14 hours of UTC) ends with the readings
   * of now.
   */
  private boolean endsLater() {
    return to == null || to.isAfter(LocalDate.now(ZoneOffset.UTC).plusDays(1));
  }
}
