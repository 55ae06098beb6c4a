package lianxin.metrics;

import java.util.List;
import java.util.stream.Collectors;

/** Episode metrics' SQL, and the first-party replay and live figures shown beside them. */
final class MetricSql {

  private MetricSql() {
  }

  /** Whether episodes may carry numbers: they exist, are not cancelled and have begun (or went live early). */
  static final String EPISODES = """
    SELECT id, room_id, status, status IN ('live', 'ended') OR starts_at <= now() AS started
    FROM episodes WHERE id = ANY($1)""";

  static final String OF_EPISODE = """
    SELECT platform, peak_viewers, views, unique_viewers, likes, comments, shares, new_followers, avg_watch_seconds,
      source, updated_at
    FROM episode_metrics WHERE episode_id = $1 ORDER BY platform""";

  static final String REPLAYS = """
    SELECT replay_views AS views, replay_seconds AS watch_seconds, completions, live_viewers, live_peak
    FROM episode_stats WHERE episode_id = $1""";

  static final String RETENTION = "SELECT minute, watch_seconds FROM replay_retention WHERE episode_id = $1 ORDER BY minute";

  /** PUT replaces what one platform reported: a metric left out becomes unknown. */
  static final String PUT = upsert(List.of(Metric.values()), "api");

  /**
   * An import writes the metric columns its file has and leaves the others as they were, so a file of likes
   * alone does not wipe the views entered by hand. Columns come from {@link Metric}, never from the request.
   */
  static String upsert(List<Metric> columns, String source) {
    String names = columns.stream().map(m -> ", " + m.column).collect(Collectors.joining());
    StringBuilder values = new StringBuilder("e.id, e.room_id, $2");
    for (int i = 0; i < columns.size(); i++) {
      values.append(", $").append(i + 3);
    }
    String updates = columns.stream().map(m -> m.column + " = EXCLUDED." + m.column + ", ").collect(Collectors.joining());
    return "INSERT INTO episode_metrics (episode_id, room_id, platform" + names + ", source) SELECT " + values + ", '" + source
      + "' FROM episodes e WHERE e.id = $1"
      + " ON CONFLICT (episode_id, platform) DO UPDATE SET " + updates + "source = EXCLUDED.source, updated_at = now()";
  }
}
