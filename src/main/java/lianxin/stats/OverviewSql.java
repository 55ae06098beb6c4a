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
      period.add("e.starts_at >= ((" + day + " - 1)::timestamp AT TIME ZONE 'UTC')");
      period.add("e.starts_at >= " + fromEdge);
    }
    if (to != null) {
      params.add(to);
      String day = "$" + params.size() + "::date";
      String end = "((" + day + " + 1)::timestamp AT TIME ZONE rs.timezone)";
      toEdge = "least(now(), " + end + ")";
      period.add("e.starts_at < ((" + day + " + 2)::timestamp AT TIME ZONE 'UTC')");
      period.add("e.starts_at < " + end);
    }
    String base = scope + """
      , rs AS (SELECT r.id, r.name, r.timezone, s.top FROM rooms r JOIN scope s ON s.id = r.org_id)
      , eps AS (
        SELECT e.id, e.room_id, e.column_id, rs.top, e.title, e.number, e.starts_at, rs.timezone,
          to_char(e.starts_at AT TIME ZONE rs.timezone, 'YYYY-MM') AS month,
          extract(epoch FROM coalesce(e.actual_end, e.ends_at) - coalesce(e.actual_start, e.starts_at)) AS seconds
        FROM episodes e JOIN rs ON rs.id = e.room_id
        WHERE e.status <> 'cancelled' AND (e.status IN ('live', 'ended') OR e.ends_at <= now())
      """ + period.stream().map(p -> " AND " + p).reduce("", String::concat) + """
      ), m AS (
        SELECT em.episode_id, sum(em.views) AS views, sum(em.likes) AS likes, sum(em.comments) AS comments,
          sum(em.shares) AS shares, sum(em.new_followers) AS new_followers, max(em.peak_viewers) AS peak_viewers,
          -- Engagement only where views were reported, so a platform without views cannot inflate the rate.
          sum(coalesce(em.likes, 0) + coalesce(em.comments, 0) + coalesce(em.shares, 0)) FILTER (WHERE em.views > 0) AS engaged,
          sum(em.views) FILTER (WHERE em.views > 0) AS engaged_views
        FROM episode_metrics em JOIN eps ON eps.id = em.episode_id GROUP BY em.episode_id
      ), facts AS (
        SELECT eps.*, m.episode_id AS measured, m.views, m.likes, m.comments, m.shares, m.new_followers,
          m.peak_viewers, m.engaged, m.engaged_views, rp.views AS replay_views, rp.watch_seconds AS replay_seconds
        FROM eps LEFT JOIN m ON m.episode_id = eps.id LEFT JOIN episode_replays rp ON rp.episode_id = eps.id
      )
      """;
    String aggregate = base + """
      SELECT GROUP_KEY::text AS key, GROUP_LABEL AS label, grouping(GROUP_KEY) = 1 AS total, count(DISTINCT room_id) AS active_rooms,
        count(*) AS episodes, count(measured) AS measured, count(views) AS with_views,
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
      SELECT facts.id, facts.title, facts.number, facts.starts_at, facts.timezone, facts.room_id, r.name AS room_name,
        facts.column_id, c.name AS column_name, facts.views, facts.likes, facts.comments, facts.shares,
        facts.engaged, facts.engaged_views, coalesce(facts.replay_views, 0) AS replay_views
      FROM facts JOIN rooms r ON r.id = facts.room_id LEFT JOIN columns c ON c.id = facts.column_id
      WHERE facts.views IS NOT NULL ORDER BY facts.views DESC, facts.id LIMIT 10""";
    return new OverviewSql(aggregate, rooms, top, Tuple.from(params));
  }

  static final String ORG = "SELECT id, name, kind FROM orgs WHERE id = $1";
}
