package lianxin.metrics;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import lianxin.http.Times;

/** A follower series as clients read it: one point per bucket, each the last reading by the bucket's end. */
final class FollowerSeries {

  private FollowerSeries() {
  }

  static JsonObject toJson(long roomId, String interval, ZoneId zone, LocalDate from, LocalDate to,
                           List<LocalDate> starts, Map<Integer, Map<String, Long>> byEdge) {
    JsonArray points = new JsonArray();
    for (int i = 0; i < starts.size(); i++) {
      Map<String, Long> values = byEdge.getOrDefault(i + 2, Map.of());
      Long total = values.isEmpty() ? null : values.values().stream().mapToLong(Long::longValue).sum();
      JsonObject byPlatform = new JsonObject();
      values.forEach(byPlatform::put);
      points.add(new JsonObject()
        .put("at", Times.format(starts.get(i).atStartOfDay(zone).toOffsetDateTime(), zone))
        .put("total", total)
        .put("totalLabel", Counts.label(total))
        .put("byPlatform", byPlatform));
    }
    // Per account: growth from its reading before the period or, if first counted inside it, its first reading.
    Map<String, Long> end = byEdge.getOrDefault(starts.size() + 1, Map.of());
    Long start = null;
    long growth = 0;
    for (Map.Entry<String, Long> account : end.entrySet()) {
      long base = baseline(byEdge, starts.size(), account.getKey());
      start = (start == null ? 0 : start) + base;
      growth += account.getValue() - base;
    }
    Long last = end.isEmpty() ? null : end.values().stream().mapToLong(Long::longValue).sum();
    return new JsonObject()
      .put("roomId", roomId)
      .put("interval", interval)
      .put("from", from.toString())
      .put("to", to.toString())
      .put("start", start)
      .put("end", last)
      .put("growth", growth)
      .put("growthLabel", Counts.label(growth))
      .put("points", points);
  }

  private static long baseline(Map<Integer, Map<String, Long>> byEdge, int buckets, String platform) {
    for (int edge = 1; edge <= buckets + 1; edge++) {
      Long value = byEdge.getOrDefault(edge, Map.of()).get(platform);
      if (value != null) {
        return value;
      }
    }
    return 0;
  }
}
