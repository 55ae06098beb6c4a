package lianxin.stats;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import lianxin.http.Times;
import lianxin.metrics.Counts;
import lianxin.question.QuestionStats;

/**
 * The officials' overview from the three queries of {@link OverviewSql}: totals, one breakdown, top episodes.
 * Averages and the engagement rate only count episodes with numbers; episodes without still count as aired.
 */
final class Overview {

  /**
   * A room in scope with its follower figures ({@code followers} null when none of its accounts has a reading, and
   * then no growth either); {@code top} is the child unit it sits under.
   */
  private record RoomFigures(long id, String name, long top, String topName, Long followers, Long growth) {
  }

  /** A room's aired counts over all time: what the room page's 已播 N 期 is made of. */
  private record Aired(long offset, long recorded, long afterOffset) {

    /** Episodes aired before Lianxin that Lianxin does not hold (the offset less the back catalogue entered within it). */
    long before() {
      return Math.max(0, offset - (recorded - afterOffset));
    }
  }

  private Overview() {
  }

  static JsonObject toJson(Long orgId, String orgName, LocalDate from, LocalDate to, OverviewSql.GroupBy groupBy,
                           RowSet<Row> aggregate, RowSet<Row> roomRows, RowSet<Row> top, RowSet<Row> monthRows, RowSet<Row> countRows) {
    Map<String, Row> followersByMonth = new HashMap<>();
    if (monthRows != null) {
      monthRows.forEach(r -> followersByMonth.put(r.getString("key"), r));
    }
    Map<Long, Aired> aired = new HashMap<>();
    if (countRows != null) {
      countRows.forEach(r -> aired.put(r.getLong("id"),
        new Aired(r.getLong("episode_offset"), r.getLong("recorded"), r.getLong("recorded") - r.getLong("within"))));
    }
    List<RoomFigures> rooms = new ArrayList<>();
    roomRows.forEach(r -> {
      Long followers = r.getLong("followers");
      rooms.add(new RoomFigures(r.getLong("id"), r.getString("name"), r.getLong("top"), r.getString("top_name"), followers,
        followers == null ? null : r.getLong("growth")));
    });
    Row total = null;
    Map<String, Row> byKey = new LinkedHashMap<>();
    for (Row row : aggregate) {
      if (row.getBoolean("total")) {
        total = row;
      } else {
        byKey.put(row.getString("key"), row);
      }
    }
    Long followers = sum(rooms, RoomFigures::followers);
    JsonObject totals = figures(total, rooms.size(), followers, sum(rooms, RoomFigures::growth));
    JsonArray groups = switch (groupBy) {
      case ROOM -> ranked(rooms.stream().map(room -> {
        JsonObject g = figures(byKey.get(String.valueOf(room.id())), 1, room.followers(), room.growth())
          .put("key", String.valueOf(room.id())).put("label", room.name());
        Aired counts = aired.get(room.id());
        return counts == null ? g : airedCounts(g, counts);
      }).toList());
      case ORG -> ranked(byTop(rooms, orgId).entrySet().stream().map(e -> {
        List<RoomFigures> under = e.getValue();
        String label = under.get(0).topName() + (e.getKey().equals(orgId) ? "（本级）" : "");
        return figures(byKey.get(String.valueOf(e.getKey())), under.size(), sum(under, RoomFigures::followers), sum(under, RoomFigures::growth))
          .put("key", String.valueOf(e.getKey())).put("label", label);
      }).toList());
      case COLUMN -> ranked(byKey.values().stream().map(row -> figures(row, row.getLong("active_rooms"), null, null)
        .put("key", row.getString("key")).put("label", row.getString("label") == null ? "（未分栏目）" : row.getString("label"))).toList());
      case MONTH -> new JsonArray(months(from, to, byKey.keySet(), followersByMonth.keySet()).stream()
        .map(month -> {
          String key = month.toString();
          Row row = byKey.get(key);
          Row f = followersByMonth.get(key);
          // Before any account of the scope was read, followers are unknown rather than 0.
          Long atEnd = f == null || followers == null ? null : f.getLong("followers");
          return figures(row, row == null ? 0 : row.getLong("active_rooms"), atEnd, atEnd == null ? null : f.getLong("growth"))
            .put("key", key).put("label", monthLabel(month));
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
        .put("replayViews", row.getLong("replay_views")).put("liveViewers", row.getLong("live_viewers")));
    }
    JsonObject out = new JsonObject().put("orgId", orgId).put("orgName", orgName)
      .put("from", from == null ? null : from.toString()).put("to", to == null ? null : to.toString())
      .put("groupBy", groupBy.name().toLowerCase()).put("totals", totals).put("groups", groups).put("topEpisodes", topEpisodes);
    if (countRows != null) {
      // The scope's, over all time (the totals are the period's, the same whatever the breakdown).
      out.put("aired", airedCounts(new JsonObject(), aired.values().stream().reduce(new Aired(0, 0, 0),
        (a, b) -> new Aired(a.offset() + b.offset(), a.recorded() + b.recorded(), a.afterOffset() + b.afterOffset()))));
    }
    return out;
  }

  /**
   * 民生问答's figures: {@code totals.questions} and each group's {@code questions} (and, flat, the columns the
   * spreadsheets show), and the subtree's oldest open questions.
   */
  static JsonObject withQuestions(JsonObject overview, QuestionStats.Figures questions) {
    flatten(overview.getJsonObject("totals").put("questions", questions.totals()));
    for (Object g : overview.getJsonArray("groups")) {
      JsonObject group = (JsonObject) g;
      JsonObject figures = questions.byKey().get(group.getString("key"));
      flatten(group.put("questions", figures != null ? figures : QuestionStats.none()));
    }
    return overview.put("oldestOpenQuestions", questions.oldestOpen());
  }

  private static void flatten(JsonObject figures) {
    JsonObject q = figures.getJsonObject("questions");
    figures.put("questionsReceived", q.getValue("received")).put("questionsAnswered", q.getValue("answered"))
      .put("questionsOpen", q.getValue("open")).put("questionsMedianDays", q.getValue("medianDaysToAnswer"));
  }

  /**
   * Every month of the period, those without episodes or readings too: from the period's first month (or the first
   * with figures) to its last (or the last with figures, or this month when the period is open and has readings).
   */
  static List<YearMonth> months(LocalDate from, LocalDate to, Collection<String> episodeMonths, Collection<String> followerMonths) {
    List<YearMonth> seen = new ArrayList<>();
    episodeMonths.forEach(k -> seen.add(YearMonth.parse(k)));
    followerMonths.forEach(k -> seen.add(YearMonth.parse(k)));
    YearMonth first = from != null ? YearMonth.from(from) : seen.stream().min(Comparator.naturalOrder()).orElse(null);
    YearMonth last = to != null ? YearMonth.from(to) : seen.stream().max(Comparator.naturalOrder()).orElse(null);
    List<YearMonth> out = new ArrayList<>();
    if (first == null || last == null) {
      return out;
    }
    for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
      out.add(m);
    }
    return out;
  }

  /** A month as officials read it: 2024年9月. */
  static String monthLabel(YearMonth month) {
    return month.getYear() + "年" + month.getMonthValue() + "月";
  }

  /**
   * A room's (or the scope's) aired counts over all time, as the room page counts them: recorded in Lianxin plus
   * aired before it make the room page's 已播 N 期 (the offset plus the episodes numbered after it).
   */
  private static JsonObject airedCounts(JsonObject figures, Aired counts) {
    return figures.put("episodeOffset", counts.offset()).put("episodesRecorded", counts.recorded())
      .put("episodesBefore", counts.before()).put("episodeCount", counts.recorded() + counts.before());
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
      // Devices that watched in Lianxin's own live player, each episode's counted once (not people across episodes).
      .put("liveViewers", row == null ? 0 : row.getLong("live_viewers"))
      .put("liveViewersLabel", Counts.label(row == null ? 0 : row.getLong("live_viewers")))
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

  /** The sum of the rooms' figures that are known; null when none is. */
  private static Long sum(List<RoomFigures> rooms, Function<RoomFigures, Long> figure) {
    return rooms.stream().map(figure).filter(Objects::nonNull).reduce(Long::sum).orElse(null);
  }

  private static Double rate(Long engaged, Long views) {
    return engaged == null || views == null || views == 0 ? null : Math.round(engaged * 10_000.0 / views) / 10_000.0;
  }

  private static long zero(Row row, String column) {
    Long value = row == null ? null : row.getLong(column);
    return value == null ? 0 : value;
  }
}
