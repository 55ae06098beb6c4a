package lianxin.schedule;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import lianxin.http.Times;

/** An episode (一期节目) as clients see it, from a row of {@link EpisodeSql#SELECT}. */
final class Episode {

  private Episode() {
  }

  static JsonObject toJson(Row row) {
    ZoneId zone = ZoneId.of(row.getString("timezone"));
    Integer number = row.getInteger("number");
    String airedBy = row.getString("aired_by");
    OffsetDateTime notAiredUntil = null;
    if ("ended".equals(row.getString("status"))) {
      OffsetDateTime until = Lifecycle.notAiredUntil(row.getOffsetDateTime("ends_at"), row.getOffsetDateTime("aired_at"));
      notAiredUntil = until.isAfter(OffsetDateTime.now()) ? until : null;
    }
    JsonArray hosts = new JsonArray();
    JsonArray guests = new JsonArray();
    for (Object item : (JsonArray) row.getValue("people")) {
      JsonObject person = (JsonObject) item;
      ("host".equals(person.remove("role")) ? hosts : guests).add(person);
    }
    return new JsonObject()
      .put("id", row.getLong("id"))
      .put("roomId", row.getLong("room_id"))
      .put("roomName", row.getString("room_name"))
      .put("columnId", row.getLong("column_id"))
      .put("columnName", row.getString("column_name"))
      .put("seriesId", row.getLong("series_id"))
      .put("title", row.getString("title"))
      .put("description", row.getString("description"))
      .put("startsAt", Times.format(row.getOffsetDateTime("starts_at"), zone))
      .put("endsAt", Times.format(row.getOffsetDateTime("ends_at"), zone))
      .put("timezone", zone.getId())
      .put("status", row.getString("status"))
      .put("number", number)
      .put("numberLabel", number == null ? null : "第" + number + "期")
      .put("actualStartsAt", Times.format(row.getOffsetDateTime("actual_start"), zone))
      .put("actualEndsAt", Times.format(row.getOffsetDateTime("actual_end"), zone))
      .put("cancelReason", row.getString("cancel_reason"))
      .put("airedBy", airedBy)
      .put("airedUnconfirmed", airedBy != null && !airedBy.equals("host"))
      .put("notAiredUntil", Times.format(notAiredUntil, zone))
      .put("hosts", hosts)
      .put("guests", guests)
      .put("replay", row.getValue("archive") != null)
      .put("archive", row.getValue("archive"))
      .put("recording", row.getValue("recording"))
      .put("live", row.getValue("live"))
      .put("transcript", row.getBoolean("has_transcript"))
      .put("revision", row.getInteger("revision"))
      .put("updatedAt", Times.format(row.getOffsetDateTime("updated_at"), zone));
  }
}
