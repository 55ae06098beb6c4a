package lianxin.schedule;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import lianxin.http.ApiException;

/**
 * Episode numbers (第N期): per room among non-cancelled episodes in order of start, after the room's offset. An
 * aired episode's number is fixed (going live, the sweep, a recording or metrics keep the number it had); planned
 * ones take the next numbers no aired one holds (PostgreSQL's {@code episodes_renumber}, V16).
 *
 * <p>Residents see every non-cancelled episode's number (room page, lists, calendar feeds), so a write that would
 * move any of them goes through {@link #guarded}: refused with the list of changes unless the request confirms it.
 */
public final class Numbering {

  private static final String RENUMBER = "SELECT episodes_renumber($1)";

  private static final String NUMBERS = "SELECT id, number FROM episodes WHERE room_id = $1 AND number IS NOT NULL";

  private Numbering() {
  }

  /** Call inside the transaction that changed the room's schedule (or its offset), with the room's row locked. */
  public static Future<Void> renumber(SqlConnection conn, long roomId) {
    return conn.preparedQuery(RENUMBER).execute(Tuple.of(roomId)).mapEmpty();
  }

  /** What {@code change} did to the numbers residents could see: {@code renumbered}, one entry per episode. */
  public record Guarded<T>(T result, JsonArray renumbered) {
  }

  /**
   * Runs {@code change} (which renumbers) between two looks at the room's numbers. If an episode that had a number
   * before has another one after, and {@code confirm} is false, the change is refused with a 409 listing every
   * change ({@code renumbered: [{episodeId, from, to}]}), and the transaction, so nothing of it stays, is undone.
   * A new episode getting its first number, and a cancelled one losing its own, are not changes of a number seen.
   */
  public static <T> Future<Guarded<T>> guarded(SqlConnection conn, long roomId, boolean confirm, Supplier<Future<T>> change) {
    return numbers(conn, roomId).compose(before -> change.get().compose(result -> numbers(conn, roomId).map(after -> {
      JsonArray renumbered = diff(before, after);
      if (!renumbered.isEmpty() && !confirm) {
        throw refusal(renumbered);
      }
      return new Guarded<>(result, renumbered);
    })));
  }

  private static Future<Map<Long, Integer>> numbers(SqlConnection conn, long roomId) {
    return conn.preparedQuery(NUMBERS).execute(Tuple.of(roomId)).map(rows -> {
      Map<Long, Integer> numbers = new HashMap<>();
      for (Row row : rows) {
        numbers.put(row.getLong("id"), row.getInteger("number"));
      }
      return numbers;
    });
  }

  static JsonArray diff(Map<Long, Integer> before, Map<Long, Integer> after) {
    List<long[]> changes = new ArrayList<>();
    before.forEach((id, from) -> {
      Integer to = after.get(id);
      if (to != null && !to.equals(from)) {
        changes.add(new long[] {id, from, to});
      }
    });
    changes.sort(Comparator.<long[]>comparingLong(c -> c[1]).thenComparingLong(c -> c[0]));
    JsonArray list = new JsonArray();
    changes.forEach(c -> list.add(new JsonObject().put("episodeId", c[0]).put("from", (int) c[1]).put("to", (int) c[2])));
    return list;
  }

  static ApiException refusal(JsonArray renumbered) {
    StringBuilder zh = new StringBuilder();
    StringBuilder en = new StringBuilder();
    int shown = Math.min(3, renumbered.size());
    for (int i = 0; i < shown; i++) {
      JsonObject c = renumbered.getJsonObject(i);
      zh.append(i == 0 ? "" : "、").append("第").append(c.getInteger("from")).append("期→第").append(c.getInteger("to")).append("期");
      en.append(i == 0 ? "" : ", ").append(c.getInteger("from")).append(" → ").append(c.getInteger("to"));
    }
    String more = renumbered.size() > shown ? "等" : "";
    String moreEn = renumbered.size() > shown ? ", …" : "";
    return new ApiException(409, "renumber", "这会改变 " + renumbered.size() + " 期居民已看到的节目期数（" + zh + more
      + "），确认请加 confirmRenumber: true 再提交。",
        "This would change the number of " + renumbered.size() + " episode(s) residents can already see (" + en + moreEn + "); send it again with confirmRenumber: true to go ahead.",
      new JsonObject().put("renumbered", renumbered));
  }
}
