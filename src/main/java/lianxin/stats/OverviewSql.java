package lianxin.stats;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The overview's SQL for one request: which org subtree, which period, which breakdown. Figures come from
 * {@code episode_stats} (one row per episode, kept by triggers) and the period is read on each room's wall
 * clock ({@code local_start}), like the schedule's filters. An episode has aired when it is live or ended, or was
 * scheduled and its end has passed (a back catalogue entered after the fact).
 *
 * <p>The org id and the days are written into the SQL as typed literals (a {@code long} and ISO dates, never
 * request text) and run unprepared: the right plan depends on them (a community's 2 rooms or the city's 1,000,
 * a month or years), and a cached generic plan guessed 500 rows for the city and hashed the wrong side.
 */
record OverviewSql(String aggregate, String rooms, String top) {

  /** The breakdown: its grouping expression over facts, then its key and label over that group {@code g}. */
  enum GroupBy {
    ROOM("room_id", "g::text", "NULL"),
    COLUMN("column_id", "g::text", "(SELECT c.name || ' · ' || r.name FROM columns c JOIN rooms r ON r.id = c.room_id WHERE c.id = g)"),
    MONTH("date_trunc('month', local_start)", "to_char(g, 'YYYY-MM')", "NULL"),
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

  static OverviewSql of(Long orgId, LocalDate from, LocalDate to, GroupBy groupBy) {
    String scope;
    String inScope = "";
    if (orgId != null) {
      // Each room is tagged with the child unit it sits under (or the org itself) for the org breakdown. The
      // planner cannot size a recursive CTE, so the rooms also go in as an array: a community's few rooms are
      // then read through the (room_id, local_start) index rather than by hashing the whole city.
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
    List<String> period = new ArrayList<>();
    String fromEdge = "'-infinity'::timestamptz";
    String toEdge = "now()";
    if (from != null) {
      String day = "'" + from + "'::date";
      period.add("st.local_start >= " + day);
      fromEdge = "(" + day + "::timestamp AT TIME ZONE rs.timezone)";
    }
    if (to != null) {
      String end = "'" + to.plusDays(1) + "'::date";
      period.add("st.local_start < " + end);
      toEdge = "least(now(), (" + end + "::timestamp AT TIME ZONE rs.timezone))";
    }
    String base = scope + """
      , facts AS (
        SELECT st.*, rs.top FROM episode_stats st JOIN rs ON rs.id = st.room_id
        WHERE st.status <> 'cancelled' AND (st.status IN ('live', 'ended') OR st.ends_at <= now())"""
      + inScope.formatted("st.room_id") + period.stream().map(p -> " AND " + p).reduce("", String::concat) + ")\n";
    // Per group and room first (hash aggregates), then the groups and the total: no sort of every episode.
    String aggregate = base + """
      , per_room AS (
        SELECT GROUP_EXPR AS g, room_id, count(*) AS episodes, count(*) FILTER (WHERE measured) AS measured,
          count(views) AS with_views, sum(seconds) AS seconds, sum(views) AS views, sum(replay_views) AS replay_views,
          sum(replay_seconds) AS replay_seconds, sum(likes) AS likes, sum(comments) AS comments, sum(shares) AS shares,
          sum(new_followers) AS new_followers, max(peak_viewers) AS peak_viewers, sum(engaged) AS engaged,
          sum(engaged_views) AS engaged_views
        FROM facts GROUP BY 1, 2
      )
      SELECT KEY_EXPR AS key, LABEL_EXPR AS label, grouping(g) = 1 AS total, count(DISTINCT room_id) AS active_rooms,
        coalesce(sum(episodes), 0) AS episodes, coalesce(sum(measured), 0) AS measured, coalesce(sum(with_views), 0) AS with_views,
        coalesce(sum(seconds), 0) / 3600.0 AS hours, sum(views) AS views, coalesce(sum(replay_views), 0) AS replay_views,
        coalesce(sum(replay_seconds), 0) AS replay_seconds, sum(likes) AS likes, sum(comments) AS comments,
        sum(shares) AS shares, sum(new_followers) AS new_followers, max(peak_viewers) AS peak_viewers,
        sum(engaged) AS engaged, sum(engaged_views) AS engaged_views
      FROM per_room GROUP BY GROUPING SETS ((), (g))"""
      .replace("LABEL_EXPR", groupBy.label).replace("KEY_EXPR", groupBy.key).replace("GROUP_EXPR", groupBy.group);
    String rooms = scope + """
      , fv AS (
        -- The accounts each room has now, each at its latest reading, at the period's end and at its start
        -- (or, for an account first counted inside the period, its first reading): one index probe each.
        SELECT p.room_id,
          (SELECT x.count FROM follower_snapshots x WHERE x.room_id = p.room_id AND x.platform = p.platform
           ORDER BY x.at DESC LIMIT 1) AS now,
          AT_END AS at_end,
          coalesce((SELECT x.count FROM follower_snapshots x WHERE x.room_id = p.room_id AND x.platform = p.platform
                      AND x.at < FROM_EDGE ORDER BY x.at DESC LIMIT 1),
                   (SELECT x.count FROM follower_snapshots x WHERE x.room_id = p.room_id AND x.platform = p.platform
                      AND x.at < TO_EDGE ORDER BY x.at LIMIT 1)) AS at_start
        FROM (SELECT DISTINCT room_id, platform FROM room_platforms) p JOIN rs ON rs.id = p.room_id
        WHERE true IN_SCOPE
      )
      SELECT rs.id, rs.name, rs.top, o.name AS top_name, coalesce(sum(fv.now), 0) AS followers,
        coalesce(sum(END_VALUE), 0) - coalesce(sum(fv.at_start), 0) AS growth
      FROM rs JOIN orgs o ON o.id = rs.top LEFT JOIN fv ON fv.room_id = rs.id
      GROUP BY rs.id, rs.name, rs.top, o.name""".replace("END_VALUE", periodEndsLater(to) ? "fv.now" : "fv.at_end")
      .replace("AT_END", periodEndsLater(to) ? "NULL" : """
          (SELECT x.count FROM follower_snapshots x WHERE x.room_id = p.room_id AND x.platform = p.platform
             AND x.at < TO_EDGE ORDER BY x.at DESC LIMIT 1)""")
      .replace("TO_EDGE", toEdge).replace("FROM_EDGE", fromEdge)
      .replace(" IN_SCOPE", inScope.formatted("p.room_id"));
    String top = base + """
      SELECT t.episode_id AS id, e.title, e.number, t.starts_at, r.timezone, t.room_id, r.name AS room_name,
        t.column_id, c.name AS column_name, t.views, t.likes, t.comments, t.shares, t.engaged, t.engaged_views, t.replay_views
      FROM (SELECT * FROM facts WHERE views IS NOT NULL ORDER BY views DESC, episode_id LIMIT 10) t
      JOIN episodes e ON e.id = t.episode_id JOIN rooms r ON r.id = t.room_id LEFT JOIN columns c ON c.id = t.column_id
      ORDER BY t.views DESC, t.episode_id""";
    return new OverviewSql(aggregate, rooms, top);
  }

  /**
   * A period that has not ended yet everywhere (every zone is within 14 hours of UTC) ends with the readings
   * of now, which saves one probe per account.
   */
  private static boolean periodEndsLater(LocalDate to) {
    return to == null || to.isAfter(LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1));
  }

  static final String ORG = "SELECT id, name, kind FROM orgs WHERE id = $1";
}
