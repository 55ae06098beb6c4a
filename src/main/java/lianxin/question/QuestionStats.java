package lianxin.question;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import lianxin.http.Times;

/**
 * 民生问答 for officials: of the questions asked in a period in an org subtree (or the city), how many were received,
 * approved (shown), answered and are still open, and the median days from asking to the answer; in total and per
 * group of the overview's breakdown (room, column, month asked, or child org unit); and the oldest open questions.
 */
public final class QuestionStats {

  /** The figures: {@code totals}, {@code byKey} (the breakdown's key, as the overview's groups carry it), {@code oldestOpen}. */
  public record Figures(JsonObject totals, Map<String, JsonObject> byKey, JsonArray oldestOpen) {
  }

  private static final int OLDEST = 10;

  private final Pool pool;

  public QuestionStats(Pool pool) {
    this.pool = pool;
  }

  /** {@code groupBy}: room, column, month or org, as the overview's. */
  public Future<Figures> of(Long orgId, LocalDate from, LocalDate to, String groupBy) {
    String group = switch (groupBy) {
      case "room" -> "qs.room_id::text";
      case "column" -> "qs.column_id::text";
      case "month" -> "to_char(date_trunc('month', qs.asked_at AT TIME ZONE 'Asia/Shanghai'), 'YYYY-MM')";
      case "org" -> "qs.top::text";
      default -> throw new IllegalArgumentException(groupBy);
    };
    Tuple scope = Tuple.of(orgId, from, to);
    return Future.all(pool.preparedQuery(QuestionSql.scoped(QuestionSql.FIGURES.replace("{group}", group))).execute(scope),
        pool.preparedQuery(QuestionSql.scoped(QuestionSql.OLDEST_OPEN)).execute(Tuple.of(orgId, from, to, OLDEST)))
      .map(both -> {
        JsonObject totals = figures(null);
        Map<String, JsonObject> byKey = new HashMap<>();
        for (Row r : both.<io.vertx.sqlclient.RowSet<Row>>resultAt(0)) {
          if (r.getBoolean("total")) {
            totals = figures(r);
          } else {
            byKey.put(r.getString("key"), figures(r));
          }
        }
        JsonArray oldest = new JsonArray();
        for (Row r : both.<io.vertx.sqlclient.RowSet<Row>>resultAt(1)) {
          ZoneId zone = ZoneId.of(r.getString("timezone"));
          oldest.add(new JsonObject().put("id", r.getLong("id")).put("text", r.getString("text"))
            .put("votes", r.getInteger("votes")).put("askedAt", Times.format(r.getOffsetDateTime("asked_at"), zone))
            .put("days", r.getInteger("days")).put("roomId", r.getLong("room_id")).put("roomName", r.getString("room_name"))
            .put("columnName", r.getString("column_name")));
        }
        return new Figures(totals, byKey, oldest);
      });
  }

  /** A group without questions. */
  public static JsonObject none() {
    return figures(null);
  }

  private static JsonObject figures(Row r) {
    if (r == null) {
      return new JsonObject().put("received", 0).put("approved", 0).put("answered", 0).put("open", 0).put("pending", 0)
        .putNull("medianDaysToAnswer");
    }
    Double median = r.getDouble("median_days");
    return new JsonObject().put("received", r.getLong("received")).put("approved", r.getLong("approved"))
      .put("answered", r.getLong("answered")).put("open", r.getLong("open")).put("pending", r.getLong("pending"))
      .put("medianDaysToAnswer", median == null ? null : Math.round(median * 10) / 10.0);
  }
}
