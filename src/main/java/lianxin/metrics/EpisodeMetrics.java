package lianxin.metrics;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

/** An episode's numbers as clients read them: per platform, added up, and the first-party replay and live figures. */
final class EpisodeMetrics {

  private EpisodeMetrics() {
  }

  static JsonObject toJson(long episodeId, long roomId, RowSet<Row> platforms, RowSet<Row> replays, RowSet<Row> retention) {
    JsonArray items = new JsonArray();
    Long[] sums = new Long[Metric.values().length];
    for (Row row : platforms) {
      JsonObject item = new JsonObject().put("platform", row.getString("platform"));
      for (Metric m : Metric.values()) {
        Long value = row.getLong(m.column);
        item.put(m.field, value);
        if (value != null && m != Metric.AVG_WATCH_SECONDS) {
          sums[m.ordinal()] = (sums[m.ordinal()] == null ? 0 : sums[m.ordinal()]) + value;
        }
      }
      items.add(item.put("source", row.getString("source")).put("updatedAt", row.getOffsetDateTime("updated_at").toString()));
    }
    JsonObject totals = new JsonObject();
    for (Metric m : Metric.values()) {
      if (m != Metric.AVG_WATCH_SECONDS) {
        totals.put(m.field, sums[m.ordinal()]);
      }
    }
    totals.put("viewsLabel", Counts.label(sums[Metric.VIEWS.ordinal()]));
    totals.put("engagementRate", engagementRate(platforms));
    return new JsonObject().put("episodeId", episodeId).put("roomId", roomId).put("platforms", items)
      .put("totals", totals).put("replay", replay(replays, retention)).put("live", live(replays));
  }

  /** Lianxin's own live player: devices that watched, and the most watching at once. */
  private static JsonObject live(RowSet<Row> stats) {
    long viewers = 0;
    long peak = 0;
    for (Row row : stats) {
      viewers = row.getLong("live_viewers");
      peak = row.getLong("live_peak");
    }
    return new JsonObject().put("viewers", viewers).put("viewersLabel", Counts.label(viewers))
      .put("peak", peak).put("peakLabel", Counts.label(peak));
  }

  /** (likes + comments + shares) / views over the platforms that reported views; null without views. */
  private static Double engagementRate(RowSet<Row> platforms) {
    long views = 0;
    long engaged = 0;
    for (Row row : platforms) {
      Long v = row.getLong("views");
      if (v != null && v > 0) {
        views += v;
        engaged += zero(row.getLong("likes")) + zero(row.getLong("comments")) + zero(row.getLong("shares"));
      }
    }
    return views == 0 ? null : rate(engaged, views);
  }

  private static JsonObject replay(RowSet<Row> replays, RowSet<Row> retention) {
    long views = 0;
    long watched = 0;
    long completions = 0;
    for (Row row : replays) {
      views = row.getLong("views");
      watched = row.getLong("watch_seconds");
      completions = row.getLong("completions");
    }
    JsonArray curve = new JsonArray();
    for (Row row : retention) {
      long seconds = row.getLong("watch_seconds");
      // Seconds watched of a minute / 60 = how many times that minute was watched through; above the
      // number of viewers means re-watching.
      curve.add(new JsonObject().put("minute", row.getInteger("minute")).put("watchSeconds", seconds)
        .put("watches", Math.round(seconds / 60.0 * 100) / 100.0));
    }
    return new JsonObject().put("views", views).put("watchSeconds", watched).put("completions", completions)
      .put("completionRate", views == 0 ? null : rate(Math.min(completions, views), views))
      .put("retention", curve);
  }

  static double rate(long part, long whole) {
    return Math.round(part * 10_000.0 / whole) / 10_000.0;
  }

  private static long zero(Long value) {
    return value == null ? 0 : value;
  }
}
