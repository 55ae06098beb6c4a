package lianxin.stats;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The overview's SQL for one request: which org subtree, which period, which breakdown. Episode figures come
 * from the per-room monthly rollup for whole months ({@code room_month_stats}, see V7) and from
 * {@code episode_stats} (one row per episode, kept by triggers) for the months at the period's edges, the
 * room-months changed since the last fold and scheduled episodes whose end has passed. The period is read on
 * each room's wall clock ({@code local_start}), like the schedule's filters. An episode has aired when it is live
 * or ended, or was scheduled and its end has passed (a back catalogue entered after the fact).
 *
 * <p>The org id and the days are written into the SQL as typed literals (a {@code long} and ISO dates, never
 * request text) and run unprepared: the right plan depends on them (a community's 2 rooms or the city's 1,000,
 * a month or years), and a cached generic plan guessed 500 rows for the city and hashed the wrong side.
 */
record OverviewSql(String aggregate, String rooms, String top, String months) {

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

  /** An aired episode: not cancelled, and live, ended or past its scheduled end. */
  private static final String AIRED = "st.status <> 'cancelled' AND (st.status IN ('live', 'ended') OR st.ends_at <= now())";

  /** One episode as a row of sums, like a rollup row. */
  private static final String DETAIL = """
    SELECT st.room_id, st.column_id, date_trunc('month', st.local_start)::date AS month, rs.top, 1 AS episodes,
      st.measured::int AS measured, (st.views IS NOT NULL)::int AS with_views, st.seconds, st.views, st.likes,
      st.comments, st.shares, st.new_followers, st.engaged, st.engaged_views, st.replay_views, st.replay_seconds,
      st.peak_viewers
    FROM episode_stats st JOIN rs ON rs.id = st.room_id""";

  /** {@code fewRooms}: the org is a community or village (a room or two), see the top episodes below. */
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

  /** {@code followerPass} false computes follower figures by probing each account's readings (see {@link OverviewFollowers}). */
  static OverviewSql of(Long orgId, LocalDate from, LocalDate to, GroupBy groupBy, boolean rollup, boolean fewRooms, boolean followerPass) {
    String scope;
    String inScope = "";
    if (orgId != null) {
      // Each room is tagged with the child unit it sits under (or the org itself) for the org breakdown. The
      // planner cannot size a recursive CTE, so the rooms also go in as an array: a community's few rooms are
      // then read through the (room_id, ...) indexes rather than by hashing the whole city.
      scope = """
        WITH RECURSIVE tree AS (
          SELECT id, id AS top FROM orgs WHERE parent_id = ORG
          UNION ALL SELECT o.id, t.top FROM orgs o JOIN tree t ON o.parent_id = t.id
        ), scope AS (SELECT id, id AS top FROM orgs WHERE id = ORG UNION ALL SELECT id, top FROM tree)
        , rs AS (SELECT r.id, r.name, r.timezone, s.top FROM rooms r JOIN scope s ON s.id = r.org_id)
        , ids AS (SELECT coalesce(array_agg(id), '{}') AS ids FROM rs)""".replace("ORG", Long.toString(orgId));
      inScope = " AND %s = ANY((SELECT ids FROM ids)::bigint[])";
    } else {
      scope = """
        WITH RECURSIVE scope AS (
          SELECT id, id AS top FROM orgs WHERE parent_id IS NULL
          UNION ALL SELECT o.id, s.top FROM orgs o JOIN scope s ON o.parent_id = s.id
        ), rs AS (SELECT r.id, r.name, r.timezone, s.top FROM rooms r JOIN scope s ON s.id = r.org_id)""";
    }
    LocalDate end = to == null ? null : to.plusDays(1);
    String aired = AIRED + inScope.formatted("st.room_id");
    String facts = String.join("\n  UNION ALL\n", rollup ? rolledUp(from, end, aired, inScope) : List.of(DETAIL + " WHERE " + aired + range("st.local_start", from, end)));
    String sums = """
      sum(episodes) AS episodes, sum(measured) AS measured, sum(with_views) AS with_views, sum(seconds) AS seconds,
      sum(views) AS views, sum(replay_views) AS replay_views, sum(replay_seconds) AS replay_seconds, sum(likes) AS likes,
      sum(comments) AS comments, sum(shares) AS shares, sum(new_followers) AS new_followers,
      max(peak_viewers) AS peak_viewers, sum(engaged) AS engaged, sum(engaged_views) AS engaged_views""";
    // Episode by episode: per group and room first (hash aggregates), then the groups and the total, so no sort
    // of every episode. Rollup rows are already per room and month: few enough to group directly.
    String grouped = rollup ? "(SELECT GROUP_EXPR AS g, * FROM facts) per_room"
      : "(SELECT GROUP_EXPR AS g, room_id, " + sums + " FROM facts GROUP BY 1, 2) per_room";
    String aggregate = scope + "\n, facts AS (\n" + facts + ")\n" + """
      SELECT KEY_EXPR AS key, LABEL_EXPR AS label, grouping(g) = 1 AS total, count(DISTINCT room_id) AS active_rooms,
        coalesce(sum(episodes), 0) AS episodes, coalesce(sum(measured), 0) AS measured, coalesce(sum(with_views), 0) AS with_views,
        coalesce(sum(seconds), 0) / 3600.0 AS hours, sum(views) AS views, coalesce(sum(replay_views), 0) AS replay_views,
        coalesce(sum(replay_seconds), 0) AS replay_seconds, sum(likes) AS likes, sum(comments) AS comments,
        sum(shares) AS shares, sum(new_followers) AS new_followers, max(peak_viewers) AS peak_viewers,
        sum(engaged) AS engaged, sum(engaged_views) AS engaged_views
      FROM GROUPED GROUP BY GROUPING SETS ((), (g))"""
      .replace("GROUPED", grouped)
      .replace("LABEL_EXPR", groupBy.label).replace("KEY_EXPR", groupBy.key).replace("GROUP_EXPR", groupBy.group);
    OverviewFollowers followers = new OverviewFollowers(from, to, inScope, followerPass);
    // Top episodes: the city or a district finds its ten by walking the views index from the top; a community's
    // one or two rooms would walk most of it (0.1% of the episodes are theirs), so theirs are read by room first.
    String top = scope + "\n, facts AS " + (fewRooms ? "MATERIALIZED " : "") + "(\n" + DETAIL.replace("SELECT ", "SELECT st.episode_id, ") + " WHERE " + aired
      + range("st.local_start", from, end) + ")\n" + """
      SELECT t.episode_id AS id, e.title, e.number, e.starts_at, r.timezone, t.room_id, r.name AS room_name,
        t.column_id, c.name AS column_name, t.views, t.likes, t.comments, t.shares, t.engaged, t.engaged_views, t.replay_views
      FROM (SELECT * FROM facts WHERE views IS NOT NULL ORDER BY views DESC, episode_id LIMIT 10) t
      JOIN episodes e ON e.id = t.episode_id JOIN rooms r ON r.id = t.room_id LEFT JOIN columns c ON c.id = t.column_id
      ORDER BY t.views DESC, t.episode_id""";
    return new OverviewSql(aggregate, scope + followers.rooms(), top,
      groupBy == GroupBy.MONTH ? scope + followers.months() : null);
  }

  /**
   * The period as whole months [lo, hi) from the rollup (less the room-months marked dirty, read from
   * episode_stats instead), plus the scheduled episodes past their end, plus the partial months at the edges.
   */
  private static List<String> rolledUp(LocalDate from, LocalDate end, String aired, String inScope) {
    LocalDate lo = from == null ? null : from.getDayOfMonth() == 1 ? from : from.withDayOfMonth(1).plusMonths(1);
    LocalDate hi = end == null ? null : end.withDayOfMonth(1);
    if (lo != null && hi != null && !lo.isBefore(hi)) {
      return List.of(DETAIL + " WHERE " + aired + range("st.local_start", from, end));
    }
    List<String> parts = new ArrayList<>();
    parts.add("""
      SELECT m.room_id, NULL::bigint AS column_id, m.month, rs.top, m.episodes, m.measured, m.with_views, m.seconds,
        m.views, m.likes, m.comments, m.shares, m.new_followers, m.engaged, m.engaged_views, m.replay_views,
        m.replay_seconds, m.peak_viewers
      FROM room_month_stats m JOIN rs ON rs.id = m.room_id
      WHERE (m.room_id, m.month) NOT IN (SELECT room_id, month FROM room_month_dirty)"""
      + inScope.formatted("m.room_id") + range("m.month", lo, hi));
    parts.add(DETAIL + """
       JOIN (SELECT DISTINCT room_id, month FROM room_month_dirty WHERE true RANGE) d
        ON st.room_id = d.room_id AND st.local_start >= d.month AND st.local_start < d.month + interval '1 month'
      WHERE st.status IN ('live', 'ended')""".replace(" RANGE", range("month", lo, hi)) + inScope.formatted("st.room_id"));
    parts.add(DETAIL + " WHERE st.status = 'scheduled' AND st.ends_at <= now()" + inScope.formatted("st.room_id")
      + range("st.local_start", lo, hi));
    if (from != null && from.isBefore(lo)) {
      parts.add(DETAIL + " WHERE " + aired + range("st.local_start", from, lo));
    }
    if (end != null && hi.isBefore(end)) {
      parts.add(DETAIL + " WHERE " + aired + range("st.local_start", hi, end));
    }
    return parts;
  }

  /** {@code column} within [from, to), either edge open when null. */
  private static String range(String column, LocalDate from, LocalDate to) {
    return (from == null ? "" : " AND " + column + " >= '" + from + "'::date")
      + (to == null ? "" : " AND " + column + " < '" + to + "'::date");
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
          coalesce(sum(st.completions), 0) AS completions
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
      replay_views = EXCLUDED.replay_views, replay_seconds = EXCLUDED.replay_seconds, completions = EXCLUDED.completions""";
}
