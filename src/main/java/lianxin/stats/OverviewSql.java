package lianxin.stats;

import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The overview's SQL for one request: which org subtree, which period, which breakdown. The period is read in
 * each room's zone (a plain date is the room's local day), like the schedule's filters. An episode has aired
 * when it is live or ended, or was scheduled and its end has passed (a back catalogue entered after the fact).
 */
record OverviewSql(String aggregate, String rooms, String top, Tuple params) {

  enum GroupBy {
    ROOM("room_id", "NULL"),
    COLUMN("column_id", "(SELECT c.name || ' · ' || r.name FROM columns c JOIN rooms r ON r.id = c.room_id WHERE c.id = column_id)"),
    MONTH("month", "month"),
    ORG("top", "NULL");

    final String key;
    final String label;

    GroupBy(String key, String label) {
      this.key = key;
      this.label = label;
    }
  }

  static OverviewSql of(Long orgId, LocalDate from, LocalDate to, GroupBy groupBy) {
    List<Object> params = new ArrayList<>();
    String scope;
    if (orgId != null) {
      params.add(orgId);
      // Each room is tagged with the child unit it sits under (or the org itself) for the org breakdown.
      scope = """
        WITH RECURSIVE tree AS (
          SELECT id, id AS top FROM orgs WHERE parent_id = $1
          UNION ALL SELECT o.id, t.top FROM orgs o JOIN tree t ON o.parent_id = t.id
        ), scope AS (SELECT id, id AS top FROM orgs WHERE id = $1 UNION ALL SELECT id, top FROM tree)""";
    } else {
      scope = """
        WITH RECURSIVE scope AS (
          SELECT id, id AS top FROM orgs WHERE parent_id IS NULL
          UNION ALL SELECT o.id, s.top FROM orgs o JOIN scope s ON o.parent_id = s.id
        )""";
    }
    String fromEdge = "'-infinity'::timestamptz";
    String toEdge = "now()";
    List<String> period = new ArrayList<>();
    if (from != null) {
      params.add(from);
      String day = "$" + params.size() + "::date";
      fromEdge = "(" + day + "::timestamp AT TIME ZONE rs.timezone)";
      // A coarse bound first (every zone is within a day of UTC) lets the index on starts_at serve the scan.
      period.add("st.starts_at >= ((" + day + " - 1)::timestamp AT TIME ZONE 'UTC')");
      period.add("st.starts_at >= " + fromEdge);
    }
    if (to != null) {
      params.add(to);
      String day = "$" + params.size() + "::date";
      String end = "((" + day + " + 1)::timestamp AT TIME ZONE rs.timezone)";
      toEdge = "least(now(), " + end + ")";
      period.add("st.starts_at < ((" + day + " + 2)::timestamp AT TIME ZONE 'UTC')");
      period.add("st.starts_at < " + end);
    }
    String base = scope + """
      , rs AS (SELECT r.id, r.timezone, s.top FROM rooms r JOIN scope s ON s.id = r.org_id)
      , facts AS (
        SELECT st.*, rs.top, rs.timezone, to_char(st.starts_at AT TIME ZONE rs.timezone, 'YYYY-MM') AS month
        FROM episode_stats st JOIN rs ON rs.id = st.room_id
        WHERE st.status <> 'cancelled' AND (st.status IN ('live', 'ended') OR st.ends_at <= now())
      """ + period.stream().map(p -> " AND " + p).reduce("", String::concat) + ")\n";
    String aggregate = base + """
      SELECT GROUP_KEY::text AS key, GROUP_LABEL AS label, grouping(GROUP_KEY) = 1 AS total, count(DISTINCT room_id) AS active_rooms,
        count(*) AS episodes, count(*) FILTER (WHERE measured) AS measured, count(views) AS with_views,
        coalesce(sum(seconds), 0) / 3600.0 AS hours, sum(views) AS views, coalesce(sum(replay_views), 0) AS replay_views,
        coalesce(sum(replay_seconds), 0) AS replay_seconds, sum(likes) AS likes, sum(comments) AS comments,
        sum(shares) AS shares, sum(new_followers) AS new_followers, max(peak_viewers) AS peak_viewers,
        sum(engaged) AS engaged, sum(engaged_views) AS engaged_views
      FROM facts GROUP BY GROUPING SETS ((), (GROUP_KEY))""".replace("GROUP_LABEL", groupBy.label).replace("GROUP_KEY", groupBy.key);
    String rooms = scope + """
      , rs AS (SELECT r.id, r.name, r.timezone, s.top FROM rooms r JOIN scope s ON s.id = r.org_id)
      , fp AS (SELECT DISTINCT f.room_id, f.platform, rs.timezone FROM follower_snapshots f JOIN rs ON rs.id = f.room_id)
      , fv AS (
        SELECT fp.room_id,
          (SELECT x.count FROM follower_snapshots x WHERE x.room_id = fp.room_id AND x.platform = fp.platform
           ORDER BY x.at DESC LIMIT 1) AS now,
          (SELECT x.count FROM follower_snapshots x WHERE x.room_id = fp.room_id AND x.platform = fp.platform
             AND x.at < TO_EDGE ORDER BY x.at DESC LIMIT 1) AS at_end,
          -- Growth counts from the reading before the period or, for an account first counted inside it, its first.
          coalesce((SELECT x.count FROM follower_snapshots x WHERE x.room_id = fp.room_id AND x.platform = fp.platform
                      AND x.at < FROM_EDGE ORDER BY x.at DESC LIMIT 1),
                   (SELECT x.count FROM follower_snapshots x WHERE x.room_id = fp.room_id AND x.platform = fp.platform
                      AND x.at < TO_EDGE ORDER BY x.at LIMIT 1)) AS at_start
        FROM fp JOIN rs ON rs.id = fp.room_id
      )
      SELECT rs.id, rs.name, rs.top, o.name AS top_name, coalesce(sum(fv.now), 0) AS followers,
        coalesce(sum(fv.at_end), 0) - coalesce(sum(fv.at_start), 0) AS growth
      FROM rs JOIN orgs o ON o.id = rs.top LEFT JOIN fv ON fv.room_id = rs.id
      GROUP BY rs.id, rs.name, rs.top, o.name""".replace("TO_EDGE", toEdge).replace("FROM_EDGE", fromEdge);
    String top = base + """
      SELECT t.episode_id AS id, e.title, e.number, t.starts_at, t.timezone, t.room_id, r.name AS room_name,
        t.column_id, c.name AS column_name, t.views, t.likes, t.comments, t.shares, t.engaged, t.engaged_views, t.replay_views
      FROM (SELECT * FROM facts WHERE views IS NOT NULL ORDER BY views DESC, episode_id LIMIT 10) t
      JOIN episodes e ON e.id = t.episode_id JOIN rooms r ON r.id = t.room_id LEFT JOIN columns c ON c.id = t.column_id
      ORDER BY t.views DESC, t.episode_id""";
    return new OverviewSql(aggregate, rooms, top, Tuple.from(params));
  }

  static final String ORG = "SELECT id, name, kind FROM orgs WHERE id = $1";
}
