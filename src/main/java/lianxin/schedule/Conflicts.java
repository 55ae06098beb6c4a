package lianxin.schedule;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import lianxin.http.ApiException;
import lianxin.http.Times;

/** Explains a double booking: which episodes stand in the way of which slot, and why. */
final class Conflicts {

  private Conflicts() {
  }

  /** One entry per (slot, clashing episode); {@code slot} is the slot's index in {@code slots}. */
  static Future<JsonArray> find(SqlClient client, long roomId, List<Slot> slots, List<Long> people, List<Long> exclude) {
    Tuple params = Tuple.of(roomId,
      slots.stream().map(Slot::start).toArray(OffsetDateTime[]::new),
      slots.stream().map(Slot::end).toArray(OffsetDateTime[]::new),
      people.toArray(Long[]::new),
      exclude.toArray(Long[]::new));
    return client.preparedQuery(EpisodeSql.CONFLICTS).execute(params).map(rows -> {
      JsonArray conflicts = new JsonArray();
      for (Row row : rows) {
        ZoneId zone = ZoneId.of(row.getString("timezone"));
        JsonArray busy = (JsonArray) row.getValue("busy_people");
        int slot = row.getLong("idx").intValue() - 1;
        conflicts.add(new JsonObject()
          .put("id", row.getLong("id"))
          .put("title", row.getString("title"))
          .put("startsAt", Times.format(row.getOffsetDateTime("starts_at"), zone))
          .put("endsAt", Times.format(row.getOffsetDateTime("ends_at"), zone))
          .put("roomId", row.getLong("room_id"))
          .put("roomName", row.getString("room_name"))
          .put("reason", row.getLong("room_id") == roomId ? "room" : "people")
          .put("people", busy)
          .put("slot", slot)
          .put("slotStartsAt", Times.format(slots.get(slot).start(), zone)));
      }
      return conflicts;
    });
  }

  static Future<ApiException> explain(SqlClient client, long roomId, List<Slot> slots, List<Long> people, List<Long> exclude) {
    return find(client, roomId, slots, people, exclude).map(Conflicts::error);
  }

  static ApiException error(JsonArray conflicts) {
    if (conflicts.isEmpty()) {
      // The clash was committed and undone between our write and this look; the host can simply retry.
      return ApiException.conflict("时间冲突，请重试。", "The slot was taken a moment ago; please try again.", conflicts);
    }
    JsonObject first = conflicts.getJsonObject(0);
    String why = "room".equals(first.getString("reason"))
      ? "这个直播间在这段时间已有节目「" + first.getString("title") + "」"
      : String.join("、", first.getJsonArray("people").getList()) + " 在这段时间已有节目「" + first.getString("title") + "」（" + first.getString("roomName") + "）";
    String more = conflicts.size() > 1 ? "，共 " + conflicts.size() + " 处冲突" : "";
    return ApiException.conflict(why + "（" + first.getString("startsAt") + " – " + first.getString("endsAt") + "）" + more + "。",
        "The time clashes with \"" + first.getString("title") + "\" (" + first.getString("startsAt") + " – "
      + first.getString("endsAt") + ")" + (conflicts.size() > 1 ? " and " + (conflicts.size() - 1) + " more" : "") + ".", conflicts);
  }
}
