package lianxin.stats;

import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lianxin.db.Databases;

/**
 * The overview's SQL for one request: which org subtree, which period, which breakdown. Episode figures come
 * from the per-room monthly rollup for whole months ({@code room_month_stats}, see V7) and from
 * {@code episode_stats} (one row per episode, kept by triggers) for the months at the period's edges, the
 * room-months changed since the last fold and scheduled episodes whose end has passed. The period is read on
 * each room's wall clock ({@code local_start}), like the schedule's filters. An episode has aired when it is live
 * or ended, or was scheduled and its end has passed (a back catalogue entered after the fact).
 *
 * <p>Followers belong to a room's platform accounts: each account counts with its latest reading
 * ({@code follower_latest}), and grows over a period from its reading before the period (or, when first counted
 * inside it, its first reading) to its last reading before the period's end. Two ways to the same figures. A
 * period of whole months that is over, or still under way, is one pass over its rows of {@code follower_months}
 * (each account's first and last reading per month on the room's clock, and the last reading of its previous
 * month with readings, see V9): a row grows by its last reading less that previous one (or less its own first
 * reading when it is the account's first), so a period's growth is the sum over its rows, and the followers at a
 * month's end are the latest readings less the changes after it. A period that starts or ends inside a month
 * probes {@code follower_snapshots} at its edges, once per account ({@code followerPass} false forces this way,
 * for the tests that compare the two).
 *
 * <p>The org id and the days are {@code $n} parameters of statements planned for their values every time
 * ({@link Databases#PLAN_EACH_TIME}): the right plan depends on them (a community's 2 rooms or the city's 1,000,
 * a month or years), and a cached generic plan guessed 500 rows for the city and hashed the wrong side.
 */
record OverviewSql(Query aggregate, Query rooms, Query top, Query months, Query counts) {

  /** One statement and the values of its placeholders. */
  record Query(String sql, Tuple params) {
  }

  /** The breakdown: its grouping expression over facts, then its key and label over that group {@code g}. */
  enum GroupBy {
    ROOM("room_id", "g::text", "NULL"),
    COLUMN("column_id", "g::text", "(SELECT c.name || ' · ' || r.name FROM columns c JOIN rooms r ON r.id = c.room_id WHERE c.id = g)"),
    MONTH("month", "to_char(g, 'YYYY-MM')", "NULL"),
    ORG("top", "g::text", "NULL");

    final String group;
    final String key;
    final String label;

    GroupBy(String group, String key, String label) {
      this.group = group;
      this.key = key;
      this.label = label;
    }
  }

  /** {@code fewRooms}: the org is a community or village (a room or two), see {@link Request#top}. */
  static OverviewSql of(Long orgId, LocalDate from, LocalDate to, GroupBy groupBy, boolean fewRooms) {
    return of(orgId, from, to, groupBy, groupBy != GroupBy.COLUMN, fewRooms);
  }

  /**
   * {@code rollup} false reads every episode from {@code episode_stats}: the column breakdown (the rollup is per
   * room, not per column) and the test that both give the same figures.
   */
  static OverviewSql of(Long orgId, LocalDate from, LocalDate to, GroupBy groupBy, boolean rollup, boolean fewRooms) {
    return of(orgId, from, to, groupBy, rollup, fewRooms, true);
  }

  /** {@code followerPass} false computes follower figures by probing each account's readings. */
  static OverviewSql of(Long orgId, LocalDate from, LocalDate to, GroupBy groupBy, boolean rollup, boolean fewRooms, boolean followerPass) {
    Request r = new Request(orgId, from, to, followerPass);
    return new OverviewSql(r.aggregate(groupBy, rollup), r.rooms(), r.top(fewRooms), groupBy == GroupBy.MONTH ? r.months() : null,
      groupBy == GroupBy.ROOM ? r.counts() : null);
  }

  /**
   * The values of one statement, each written in as a placeholder; a value used again gets the same one. The org
   * comes first, so the scope's SQL can name it {@code $1}.
   */
  private static final class Params {
    private final Map<Object, Integer> numbers = new LinkedHashMap<>();

    Params(Long orgId) {
      if (orgId != null) {
        number(orgId);
      }
    }

    /** Typed, so the planner compares it as the date literal it stands for. */
    String day(LocalDate day) {
      return "$" + number(day) + "::date";
    }

    private int number(Object value) {
      return numbers.computeIfAbsent(value, v -> numbers.size() + 1);
    }

    Query query(String sql) {
      return new Query(Databases.PLAN_EACH_TIME + sql, Tuple.from(new ArrayList<>(numbers.keySet())));
    }
  }

  private static String lines(String... lines) {
    return String.join("\n", lines);
  }

  /** Every org's rooms ({@code rs}), each with the top-level unit it sits under. */
  static final String CITY = """
    WITH RECURSIVE scope AS (
      SELECT id, id AS top FROM orgs WHERE parent_id IS NULL
      UNION ALL SELECT o.id, s.top FROM orgs o JOIN scope s ON o.parent_id = s.id
    ), rs AS (SELECT r.id, r.name, r.timezone, s.top FROM rooms r JOIN scope s ON s.id = r.org_id)""";

  /**
   * The rooms of org {@code $1} and its subtree ({@code rs}), each with the child unit it sits under (or the org
   * itself) for the org breakdown. The planner cannot size a recursive CTE, so the rooms also go in as an array
   * ({@code ids}): a community's few rooms are then read through the (room_id, ...) indexes rather than by hashing
   * the whole city.
   */
  static final String ORG_SCOPE = """
    WITH RECURSIVE tree AS (
      SELECT id, id AS top FROM orgs WHERE parent_id = $1
      UNION ALL SELECT o.id, t.top FROM orgs o JOIN tree t ON o.parent_id = t.id
    ), scope AS (SELECT id, id AS top FROM orgs WHERE id = $1 UNION ALL SELECT id, top FROM tree)
    , rs AS (SELECT r.id, r.name, r.timezone, s.top FROM rooms r JOIN scope s ON s.id = r.org_id)
    , ids AS (SELECT coalesce(array_agg(id), '{}') AS ids FROM rs)""";

  /** An aired episode: not cancelled, and live, ended or past its scheduled end. */
  private static final String AIRED = "st.status <> 'cancelled' AND (st.status IN ('live', 'ended') OR st.ends_at <= now())";

  /** One episode as a row of sums, like a rollup row (what follows {@code SELECT}). */
  private static final String EPISODE_ROW = """
    st.room_id, st.column_id, date_trunc('month', st.local_start)::date AS month, rs.top, 1 AS episodes,
      st.measured::int AS measured, (st.views IS NOT NULL)::int AS with_views, st.seconds, st.views, st.likes,
      st.comments, st.shares, st.new_followers, st.engaged, st.engaged_views, st.replay_views, st.replay_seconds,
      st.peak_viewers, st.live_viewers
    FROM episode_stats st JOIN rs ON rs.id = st.room_id""";

  /** The rollup's rows, less the room-months marked dirty (read from episode_stats instead). */
  private static final String ROLLUP_ROWS = """
    SELECT m.room_id, NULL::bigint AS column_id, m.month, rs.top, m.episodes, m.measured, m.with_views, m.seconds,
      m.views, m.likes, m.comments, m.shares, m.new_followers, m.engaged, m.engaged_views, m.replay_views,
      m.replay_seconds, m.peak_viewers, m.live_viewers
    FROM room_month_stats m JOIN rs ON rs.id = m.room_id
    WHERE (m.room_id, m.month) NOT IN (SELECT room_id, month FROM room_month_dirty)""";

  private static final String SUMS = """
    sum(episodes) AS episodes, sum(measured) AS measured, sum(with_views) AS with_views, sum(seconds) AS seconds,
    sum(views) AS views, sum(replay_views) AS replay_views, sum(replay_seconds) AS replay_seconds, sum(likes) AS likes,
    sum(comments) AS comments, sum(shares) AS shares, sum(new_followers) AS new_followers,
    max(peak_viewers) AS peak_viewers, sum(engaged) AS engaged, sum(engaged_views) AS engaged_views,
    sum(live_viewers) AS live_viewers""";

  /** A group's figures, or the total's, over the grouped facts {@code g}. */
  private static final String FIGURES = """
    grouping(g) = 1 AS total, count(DISTINCT room_id) AS active_rooms,
      coalesce(sum(episodes), 0) AS episodes, coalesce(sum(measured), 0) AS measured, coalesce(sum(with_views), 0) AS with_views,
      coalesce(sum(seconds), 0) / 3600.0 AS hours, sum(views) AS views, coalesce(sum(replay_views), 0) AS replay_views,
      coalesce(sum(replay_seconds), 0) AS replay_seconds, sum(likes) AS likes, sum(comments) AS comments,
      sum(shares) AS shares, sum(new_followers) AS new_followers, max(peak_viewers) AS peak_viewers,
      sum(engaged) AS engaged, sum(engaged_views) AS engaged_views, coalesce(sum(live_viewers), 0) AS live_viewers""";

  /** The ten most viewed of the episodes in {@code facts}. */
  private static final String TOP = """
    SELECT t.episode_id AS id, e.title, e.number, e.starts_at, r.timezone, t.room_id, r.name AS room_name,
      t.column_id, c.name AS column_name, t.views, t.likes, t.comments, t.shares, t.engaged, t.engaged_views, t.replay_views,
      t.live_viewers
    FROM (SELECT * FROM facts WHERE views IS NOT NULL ORDER BY views DESC, episode_id LIMIT 10) t
    JOIN episodes e ON e.id = t.episode_id JOIN rooms r ON r.id = t.room_id LEFT JOIN columns c ON c.id = t.column_id
    ORDER BY t.views DESC, t.episode_id""";

  /**
   * A period under way grows up to the latest reading from the first reading before now: the first row's first
   * reading unless that row holds a reading from the future (a host's clock a few minutes ahead), then a probe.
   */
  private static final String START_BEFORE_NOW = """
    CASE WHEN f.prev_count IS NOT NULL THEN f.prev_count WHEN f.last_at < now() THEN f.first_count
      ELSE coalesce((SELECT x.count FROM follower_snapshots x WHERE x.room_id = f.room_id AND x.platform = f.platform
        AND x.at < now() ORDER BY x.at LIMIT 1), 0) END""";

  /** The latest month begun on any clock (every zone is within 14 hours of UTC). */
  private static final String THIS_MONTH = "date_trunc('month', now() AT TIME ZONE 'UTC' + interval '14 hours')::date";

  /** The statements of one request; {@code to} is the period's last day, either edge open when null. */
  private record Request(Long orgId, LocalDate from, LocalDate to, boolean followerPass) {

    /** The first day after the period. */
    LocalDate end() {
      return to == null ? null : to.plusDays(1);
    }

    String scope() {
      return orgId == null ? CITY : ORG_SCOPE;
    }

    /** {@code column} (a room id) is one of the org's rooms; every room is in the city's scope. */
    String inScope(String column) {
      return orgId == null ? "" : " AND " + column + " = ANY((SELECT ids FROM ids)::bigint[])";
    }

    /** {@code column} within [lo, hi), either edge open when null. */
    static String range(Params p, String column, LocalDate lo, LocalDate hi) {
      return (lo == null ? "" : " AND " + column + " >= " + p.day(lo)) + (hi == null ? "" : " AND " + column + " < " + p.day(hi));
    }

    /** The episodes in scope aired within [lo, hi), as rows of sums. */
    String aired(Params p, LocalDate lo, LocalDate hi) {
      return "SELECT " + EPISODE_ROW + " WHERE " + AIRED + inScope("st.room_id") + range(p, "st.local_start", lo, hi);
    }

    /**
     * Per group and in total. Episode by episode: per group and room first (hash aggregates), then the groups and
     * the total, so no sort of every episode. Rollup rows are already per room and month: few enough to group
     * directly.
     */
    Query aggregate(GroupBy groupBy, boolean rollup) {
      Params p = new Params(orgId);
      String facts = rollup ? String.join("\n  UNION ALL\n", rolledUp(p)) : aired(p, from, end());
      String grouped = rollup ? "(SELECT " + groupBy.group + " AS g, * FROM facts) per_room"
        : "(SELECT " + groupBy.group + " AS g, room_id, " + SUMS + " FROM facts GROUP BY 1, 2) per_room";
      return p.query(lines(scope(), ", facts AS (", facts, ")",
        "SELECT " + groupBy.key + " AS key, " + groupBy.label + " AS label, " + FIGURES,
        "FROM " + grouped + " GROUP BY GROUPING SETS ((), (g))"));
    }

    /**
     * The period as whole months [lo, hi) from the rollup (less the room-months marked dirty, read from
     * episode_stats instead), plus the scheduled episodes past their end, plus the partial months at the edges.
     */
    List<String> rolledUp(Params p) {
      LocalDate end = end();
      LocalDate lo = from == null ? null : from.getDayOfMonth() == 1 ? from : from.withDayOfMonth(1).plusMonths(1);
      LocalDate hi = end == null ? null : end.withDayOfMonth(1);
      if (lo != null && hi != null && !lo.isBefore(hi)) {
        return List.of(aired(p, from, end));
      }
      List<String> parts = new ArrayList<>();
      parts.add(ROLLUP_ROWS + inScope("m.room_id") + range(p, "m.month", lo, hi));
      parts.add(lines("SELECT " + EPISODE_ROW,
        "  JOIN (SELECT DISTINCT room_id, month FROM room_month_dirty WHERE true" + range(p, "month", lo, hi) + ") d",
        "  ON st.room_id = d.room_id AND st.local_start >= d.month AND st.local_start < d.month + interval '1 month'",
        "WHERE st.status IN ('live', 'ended')" + inScope("st.room_id")));
      parts.add("SELECT " + EPISODE_ROW + " WHERE st.status = 'scheduled' AND st.ends_at <= now()" + inScope("st.room_id")
        + range(p, "st.local_start", lo, hi));
      if (from != null && from.isBefore(lo)) {
        parts.add(aired(p, from, lo));
      }
      if (end != null && hi.isBefore(end)) {
        parts.add(aired(p, hi, end));
      }
      return parts;
    }

    /**
     * The ten most viewed episodes: the city or a district finds them by walking the views index from the top; a
     * community's one or two rooms would walk most of it (0.1% of the episodes are theirs), so theirs are read by
     * room first.
     */
    Query top(boolean fewRooms) {
      Params p = new Params(orgId);
      return p.query(lines(scope(), ", facts AS " + (fewRooms ? "MATERIALIZED (" : "("),
        "SELECT st.episode_id, " + EPISODE_ROW + " WHERE " + AIRED + inScope("st.room_id") + range(p, "st.local_start", from, end()),
        ")", TOP));
    }

    /**
     * Per room in scope: its child unit, followers now (null when none of its accounts has a reading) and growth in
     * the period.
     */
    Query rooms() {
      Params p = new Params(orgId);
      if (followerPass && startsOnFirst() && (endsLater() || endsOnLast() && over())) {
        String start = endsLater() ? START_BEFORE_NOW : "coalesce(f.prev_count, f.first_count)";
        String months = (from == null ? "" : " AND f.month >= " + p.day(from))
          + (endsLater() ? "" : " AND f.month <= " + p.day(to.withDayOfMonth(1)));
        return p.query(lines(scope(),
          "SELECT rs.id, rs.name, rs.top, o.name AS top_name, n.followers, coalesce(g.growth, 0) AS growth",
          "FROM rs JOIN orgs o ON o.id = rs.top",
          "LEFT JOIN (SELECT l.room_id, sum(l.count) AS followers FROM follower_latest l WHERE " + current("l")
            + " GROUP BY 1) n ON n.room_id = rs.id",
          "LEFT JOIN (SELECT f.room_id, sum(f.last_count - " + start + ") AS growth FROM follower_months f",
          "  WHERE " + current("f") + months + " GROUP BY 1) g ON g.room_id = rs.id"));
      }
      return p.query(lines(scope(), accounts(p),
        "SELECT rs.id, rs.name, rs.top, o.name AS top_name, sum(fv.now) AS followers,",
        "  coalesce(sum(fv.at_end), 0) - coalesce(sum(fv.at_start), 0) AS growth",
        "FROM rs JOIN orgs o ON o.id = rs.top LEFT JOIN fv ON fv.room_id = rs.id",
        "GROUP BY rs.id, rs.name, rs.top, o.name"));
    }

    /**
     * Per room in scope, over all time: its episode offset (episodes aired before Lianxin), the episodes Lianxin
     * holds as aired (live or ended, what the room page counts) and, for a room with an offset, those of them
     * numbered within it (a back-catalogue episode entered with its old number is part of what the offset counts).
     * The room page's 已播 N 期 is the offset plus the recorded episodes numbered after it. The recorded count comes
     * from the rollup (live and ended episodes per room and month, 12 rows per room and year) with the room-months
     * marked dirty read from episode_stats, as {@link #rolledUp} does; only rooms with an offset read episodes.
     */
    Query counts() {
      Params p = new Params(orgId);
      return p.query(lines(scope(),
        ", recorded AS (",
        "  SELECT m.room_id, m.episodes AS n FROM room_month_stats m JOIN rs ON rs.id = m.room_id",
        "  WHERE (m.room_id, m.month) NOT IN (SELECT room_id, month FROM room_month_dirty)" + inScope("m.room_id"),
        "  UNION ALL",
        "  SELECT st.room_id, 1 FROM episode_stats st JOIN rs ON rs.id = st.room_id",
        "    JOIN (SELECT DISTINCT room_id, month FROM room_month_dirty) d",
        "    ON st.room_id = d.room_id AND st.local_start >= d.month AND st.local_start < d.month + interval '1 month'",
        "  WHERE st.status IN ('live', 'ended')" + inScope("st.room_id"),
        ")",
        "SELECT rs.id, r.episode_offset, coalesce(c.n, 0) AS recorded,",
        "  CASE WHEN r.episode_offset = 0 THEN 0 ELSE (SELECT count(*) FROM episodes e WHERE e.room_id = rs.id",
        "    AND e.status IN ('live', 'ended') AND e.number <= r.episode_offset) END AS within",
        "FROM rs JOIN rooms r ON r.id = rs.id",
        "LEFT JOIN (SELECT room_id, sum(n) AS n FROM recorded GROUP BY 1) c ON c.room_id = rs.id"));
    }

    /**
     * Per month of the period: followers at the month's end (or the period's, or now) and growth within it, over
     * every account in scope. A month's growth starts from the previous month's end (the value before the period
     * for the first month), or from the account's first reading in the month when it had none before; so the
     * months' growths add up to the period's.
     */
    Query months() {
      Params p = new Params(orgId);
      String lastMonth = to == null ? THIS_MONTH : p.day(to.withDayOfMonth(1));
      return p.query(followerPass && startsOnFirst() && (endsLater() || endsOnLast())
        ? monthsInOnePass(p, lastMonth) : monthsByProbes(p, lastMonth));
    }

    /**
     * A month's end is the latest readings less the changes of the months after it: only the rows from the
     * period's first month on are read.
     */
    private String monthsInOnePass(Params p, String lastMonth) {
      String fromMonth = from == null ? "" : " AND f.month >= " + p.day(from);
      String firstMonth = from == null ? "(SELECT min(month) FROM per_month)" : p.day(from);
      return lines(scope(),
        ", rows AS (",
        "  SELECT f.month, f.last_count - coalesce(f.prev_count, 0) AS change,",
        "    f.last_count - coalesce(f.prev_count, f.first_count) AS growth",
        "  FROM follower_months f WHERE " + current("f") + " AND f.room_id IN (SELECT id FROM rs)" + fromMonth,
        "), per_month AS (SELECT month, sum(change) AS change, sum(growth) AS growth FROM rows GROUP BY month)",
        ", months AS (SELECT m::date AS month FROM generate_series(" + firstMonth + ", " + lastMonth + ", interval '1 month') m)",
        "SELECT to_char(m.month, 'YYYY-MM') AS key,",
        "  (SELECT coalesce(sum(l.count), 0) FROM follower_latest l WHERE " + current("l") + " AND l.room_id IN (SELECT id FROM rs))",
        "    - (SELECT coalesce(sum(change), 0) FROM per_month) + sum(coalesce(p.change, 0)) OVER (ORDER BY m.month) AS followers,",
        "  coalesce(p.growth, 0) AS growth",
        "FROM months m LEFT JOIN per_month p ON p.month = m.month");
    }

    /** Each account's month ends, carried over months without readings; a last month cut short (and over) ends with the probe at the period's end. */
    private String monthsByProbes(Params p, String lastMonth) {
      String firstMonth = from == null ? "(SELECT min(f.month) FROM follower_months f JOIN fv USING (room_id, platform))"
        : p.day(from.withDayOfMonth(1));
      String carried = "coalesce(seen[array_upper(seen, 1)], before)";
      String monthEnd = endsOnLast() || endsLater() ? carried : "CASE WHEN month = " + lastMonth + " THEN at_end ELSE " + carried + " END";
      return lines(scope(), accounts(p),
        ", months AS (SELECT m::date AS month FROM generate_series(" + firstMonth + ", " + lastMonth + ", interval '1 month') m)",
        ", grid AS (",
        "  SELECT fv.room_id, fv.platform, m.month, fv.before, fv.at_end, f.first_count, f.last_count,",
        "    array_agg(f.last_count) FILTER (WHERE f.last_count IS NOT NULL)",
        "      OVER (PARTITION BY fv.room_id, fv.platform ORDER BY m.month) AS seen",
        "  FROM fv CROSS JOIN months m",
        "  LEFT JOIN follower_months f ON f.room_id = fv.room_id AND f.platform = fv.platform AND f.month = m.month",
        "  WHERE fv.now IS NOT NULL",
        "), ends AS (SELECT grid.*, " + monthEnd + " AS month_end FROM grid",
        "), growth AS (",
        "  SELECT ends.*, coalesce(lag(month_end) OVER w, CASE WHEN month = " + firstMonth + " THEN before END, first_count) AS month_start",
        "  FROM ends WINDOW w AS (PARTITION BY room_id, platform ORDER BY month)",
        ")",
        "SELECT to_char(month, 'YYYY-MM') AS key, coalesce(sum(month_end), 0) AS followers,",
        "  coalesce(sum(month_end), 0) - coalesce(sum(month_start) FILTER (WHERE month_end IS NOT NULL), 0) AS growth",
        "FROM growth GROUP BY month");
    }

    /**
     * Rows of {@code alias} (follower_latest or follower_months) of the rooms in scope and of the accounts the room
     * has now (a platform taken off a room no longer counts). A semi-join on room_platforms, whose statistics the
     * planner knows: joined with a CTE of the accounts it guessed 80 rows of 16,000 and sorted them to group.
     */
    private String current(String alias) {
      return "EXISTS (SELECT 1 FROM room_platforms p WHERE p.room_id = " + alias + ".room_id AND p.platform = " + alias + ".platform)"
        + inScope(alias + ".room_id");
    }

    /**
     * The accounts each room has now, with their latest reading ({@code now}) and the probes at the period's edges:
     * before it, and at its end unless it is still under way (then the latest readings end it: one probe fewer).
     */
    private String accounts(Params p) {
      String before = from == null ? "NULL::bigint"
        : "CASE WHEN a.now IS NULL THEN NULL ELSE " + lastBefore("a", "(" + p.day(from) + "::timestamp AT TIME ZONE a.timezone)") + " END";
      String atEnd = endsLater() ? "a.now" : "CASE WHEN a.now IS NULL THEN NULL ELSE " + lastBefore("a", periodEnd(p, "a")) + " END";
      return lines(
        ", a AS (",
        "  -- Materialized below so each probe runs once per account, not once per row that uses it.",
        "  SELECT p.room_id, p.platform, rs.timezone, l.count AS now",
        "  FROM (SELECT DISTINCT room_id, platform FROM room_platforms) p JOIN rs ON rs.id = p.room_id",
        "  LEFT JOIN follower_latest l ON l.room_id = p.room_id AND l.platform = p.platform",
        "  WHERE true" + inScope("p.room_id"),
        "), b AS MATERIALIZED (",
        "  SELECT a.room_id, a.platform, a.timezone, a.now, " + atEnd + " AS at_end, " + before + " AS before FROM a",
        "), fv AS MATERIALIZED (",
        "  -- An account first counted inside the period grows from its first reading there.",
        "  SELECT b.*, CASE WHEN b.before IS NOT NULL OR b.now IS NULL THEN b.before ELSE",
        "    (SELECT x.count FROM follower_snapshots x WHERE x.room_id = b.room_id",
        "       AND x.platform = b.platform AND x.at < " + periodEnd(p, "b") + " ORDER BY x.at LIMIT 1) END AS at_start",
        "  FROM b",
        ")");
    }

    /** The period's end on the clock of {@code alias}'s room, or now when sooner. */
    private String periodEnd(Params p, String alias) {
      return to == null ? "now()" : "least(now(), (" + p.day(end()) + "::timestamp AT TIME ZONE " + alias + ".timezone))";
    }

    /** The last reading of {@code alias}'s account before {@code edge}. */
    private static String lastBefore(String alias, String edge) {
      return "(SELECT x.count FROM follower_snapshots x WHERE x.room_id = " + alias + ".room_id AND x.platform = " + alias
        + ".platform AND x.at < " + edge + " ORDER BY x.at DESC LIMIT 1)";
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

    /** The period has not ended yet everywhere (every zone is within 14 hours of UTC): it ends with the readings of now. */
    private boolean endsLater() {
      return to == null || to.isAfter(LocalDate.now(ZoneOffset.UTC).plusDays(1));
    }
  }

  static final String ORG = "SELECT id, name, kind FROM orgs WHERE id = $1";

  /** Only one node folds at a time; the others skip their turn. */
  static final String FOLD_LOCK = "SELECT pg_try_advisory_xact_lock(hashtextextended('room_month_fold', 0)) AS locked";

  /**
   * Folds the room-months marked dirty into the rollup: recomputed from episode_stats, removed when nothing
   * aired is left in them. A mark committed after this statement's snapshot stays for the next fold, so every
   * change the rollup does not hold yet is still marked.
   */
  static final String FOLD = """
    WITH d AS (DELETE FROM room_month_dirty RETURNING room_id, month),
    k AS (SELECT DISTINCT room_id, month FROM d),
    sums AS (
      -- One index range per room-month (never a scan of all episodes, whatever the planner guesses of k).
      SELECT k.room_id, k.month, t.* FROM k, LATERAL (
        SELECT count(*) AS episodes, count(*) FILTER (WHERE st.measured) AS measured, count(st.views) AS with_views,
          coalesce(sum(st.seconds), 0) AS seconds, sum(st.views) AS views, sum(st.likes) AS likes,
          sum(st.comments) AS comments, sum(st.shares) AS shares, sum(st.new_followers) AS new_followers,
          max(st.peak_viewers) AS peak_viewers, sum(st.engaged) AS engaged, sum(st.engaged_views) AS engaged_views,
          coalesce(sum(st.replay_views), 0) AS replay_views, coalesce(sum(st.replay_seconds), 0) AS replay_seconds,
          coalesce(sum(st.completions), 0) AS completions, coalesce(sum(st.live_viewers), 0) AS live_viewers
        FROM episode_stats st WHERE st.room_id = k.room_id AND st.local_start >= k.month
          AND st.local_start < k.month + interval '1 month' AND st.status IN ('live', 'ended')) t
    ), gone AS (
      DELETE FROM room_month_stats s WHERE (s.room_id, s.month) IN (SELECT room_id, month FROM sums WHERE episodes = 0)
    )
    INSERT INTO room_month_stats AS s
    SELECT * FROM sums WHERE episodes > 0 AND EXISTS (SELECT 1 FROM rooms r WHERE r.id = sums.room_id)
    ORDER BY room_id, month
    ON CONFLICT (room_id, month) DO UPDATE SET episodes = EXCLUDED.episodes, measured = EXCLUDED.measured,
      with_views = EXCLUDED.with_views, seconds = EXCLUDED.seconds, views = EXCLUDED.views, likes = EXCLUDED.likes,
      comments = EXCLUDED.comments, shares = EXCLUDED.shares, new_followers = EXCLUDED.new_followers,
      peak_viewers = EXCLUDED.peak_viewers, engaged = EXCLUDED.engaged, engaged_views = EXCLUDED.engaged_views,
      replay_views = EXCLUDED.replay_views, replay_seconds = EXCLUDED.replay_seconds, completions = EXCLUDED.completions,
      live_viewers = EXCLUDED.live_viewers""";
}
