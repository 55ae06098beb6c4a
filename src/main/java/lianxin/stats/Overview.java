package lianxin.stats;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lianxin.http.Times;
import lianxin.metrics.Counts;

/**
 * The officials' overview from the three queries of {@link OverviewSql}: totals, one breakdown, top episodes.
 * Averages and the engagement rate only count episodes with numbers; episodes without still count as aired.
 */
final class Overview {

  /** A room in scope with its follower figures; {@code top} is the child unit it sits under. */
  private record RoomFigures(long id, String name, long top, String topName, long followers, long growth) {
  }

  private Overview() {
  }

  static JsonObject toJson(Long orgId, String orgName, String from, String to, OverviewSql.GroupBy groupBy,
                           RowSet<Row> aggregate, RowSet<Row> roomRows, RowSet<Row> top, RowSet<Row> monthRows) {
    Map<String, Row> followersByMonth = new HashMap<>();
    if (monthRows != null) {
      monthRows.forEach(r -> followersByMonth.put(r.getString("key"), r));
    }
    List<RoomFigures> rooms = new ArrayList<>();
    roomRows.forEach(r -> rooms.add(new RoomFigures(r.getLong("id"), r.getString("name"), r.getLong("top"),
      r.getString("top_name"), r.getLong("followers"), r.getLong("growth"))));
    Row total = null;
    Map<String, Row> byKey = new LinkedHashMap<>();
    for (Row row : aggregate) {
      if (row.getBoolean("total")) {
        total = row;
      } else {
        byKey.put(row.getString("key"), row);
      }
    }
    JsonObject totals = figures(total, rooms.size(), sum(rooms, RoomFigures::followers), sum(rooms, RoomFigures::growth));
    JsonArray groups = switch (groupBy) {
      case ROOM -> ranked(rooms.stream().map(room -> figures(byKey.get(String.valueOf(room.id())), 1, room.followers(), room.growth())
        .put("key", String.valueOf(room.id())).put("label", room.name())).toList());
      case ORG -> ranked(byTop(rooms, orgId).entrySet().stream().map(e -> {
        List<RoomFigures> under = e.getValue();
        String label = under.get(0).topName() + (e.getKey().equals(orgId) ? "（本级）" : "");
        return figures(byKey.get(String.valueOf(e.getKey())), under.size(), sum(under, RoomFigures::followers), sum(under, RoomFigures::growth))
          .put("key", String.valueOf(e.getKey())).put("label", label);
      }).toList());
      case COLUMN -> ranked(byKey.values().stream().map(row -> figures(row, row.getLong("active_rooms"), null, null)
        .put("key", row.getString("key")).put("label", row.getString("label") == null ? "（未分栏目）" : row.getString("label"))).toList());
      case MONTH -> new JsonArray(byKey.values().stream().sorted(Comparator.comparing(r -> r.getString("key")))
        .map(row -> {
          Row f = followersByMonth.get(row.getString("key"));
          return figures(row, row.getLong("active_rooms"), f == null ? 0L : f.getLong("followers"), f == null ? 0L : f.getLong("growth"))
            .put("key", row.getString("key")).put("label", row.getString("key"));
        })
        .map(Object.class::cast).toList());
    };
    JsonArray topEpisodes = new JsonArray();
    for (Row row : top) {
      ZoneId zone = ZoneId.of(row.getString("timezone"));
      Integer number = row.getInteger("number");
      topEpisodes.add(new JsonObject().put("id", row.getLong("id")).put("title", row.getString("title"))
        .put("number", number).put("numberLabel", number == null ? null : "第" + number + "期")
        .put("startsAt", Times.format(row.getOffsetDateTime("starts_at"), zone))
        .put("roomId", row.getLong("room_id")).put("roomName", row.getString("room_name"))
        .put("columnId", row.getLong("column_id")).put("columnName", row.getString("column_name"))
        .put("views", row.getLong("views")).put("viewsLabel", Counts.label(row.getLong("views")))
        .put("likes", row.getLong("likes")).put("comments", row.getLong("comments")).put("shares", row.getLong("shares"))
        .put("engagementRate", rate(row.getLong("engaged"), row.getLong("engaged_views")))
        .put("replayViews", row.getLong("replay_views")));
    }
    return new JsonObject().put("orgId", orgId).put("orgName", orgName).put("from", from).put("to", to)
      .put("groupBy", groupBy.name().toLowerCase()).put("totals", totals).put("groups", groups).put("topEpisodes", topEpisodes);
  }

  /** One set of figures; {@code row} is null for a room or unit with nothing aired in the period. */
  private static JsonObject figures(Row row, long rooms, Long followers, Long growth) {
    long episodes = row == null ? 0 : row.getLong("episodes");
    Long views = row == null ? null : row.getLong("views");
    long withViews = row == null ? 0 : row.getLong("with_views");
    return new JsonObject()
      .put("rooms", rooms)
      .put("activeRooms", row == null ? 0 : row.getLong("active_rooms"))
      .put("episodesAired", episodes)
      .put("episodesWithMetrics", row == null ? 0 : row.getLong("measured"))
      .put("hoursAired", row == null ? 0.0 : Math.round(row.getDouble("hours") * 10) / 10.0)
      .put("followers", followers)
      .put("followersLabel", Counts.label(followers))
      .put("followerGrowth", growth)
      .put("followerGrowthLabel", Counts.label(growth))
      .put("views", views == null ? 0 : views)
      .put("viewsLabel", Counts.label(views == null ? 0 : views))
      .put("avgViews", withViews == 0 ? null : Math.round(views * 10.0 / withViews) / 10.0)
      .put("replayViews", row == null ? 0 : row.getLong("replay_views"))
      .put("replayWatchHours", row == null ? 0.0 : Math.round(row.getLong("replay_seconds") / 360.0) / 10.0)
      .put("likes", zero(row, "likes"))
      .put("comments", zero(row, "comments"))
      .put("shares", zero(row, "shares"))
      .put("newFollowers", zero(row, "new_followers"))
      .put("peakViewers", row == null ? null : row.getLong("peak_viewers"))
      .put("engagementRate", row == null ? null : rate(row.getLong("engaged"), row.getLong("engaged_views")));
  }

  /** Best first by views, then by episodes aired; ranks start at 1. */
  private static JsonArray ranked(List<JsonObject> groups) {
    List<JsonObject> sorted = new ArrayList<>(groups);
    sorted.sort(Comparator.comparingLong((JsonObject g) -> g.getLong("views")).reversed()
      .thenComparing(Comparator.comparingLong((JsonObject g) -> g.getLong("episodesAired")).reversed()));
    JsonArray out = new JsonArray();
    for (int i = 0; i < sorted.size(); i++) {
      out.add(sorted.get(i).put("rank", i + 1));
    }
    return out;
  }

  private static Map<Long, List<RoomFigures>> byTop(List<RoomFigures> rooms, Long orgId) {
    Map<Long, List<RoomFigures>> tops = new HashMap<>();
    rooms.forEach(r -> tops.computeIfAbsent(r.top(), k -> new ArrayList<>()).add(r));
    return tops;
  }

  private static long sum(List<RoomFigures> rooms, java.util.function.ToLongFunction<RoomFigures> figure) {
    return rooms.stream().mapToLong(figure).sum();
  }

  private static Double rate(Long engaged, Long views) {
    return engaged == null || views == null || views == 0 ? null : Math.round(engaged * 10_000.0 / views) / 10_000.0;
  }

  private static long zero(Row row, String column) {
    Long value = row == null ? null : row.getLong(column);
    return value == null ? 0 : value;
  }
}
