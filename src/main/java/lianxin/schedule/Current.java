package lianxin.schedule;

import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/** An episode as it stands inside a write transaction (row locked). */
record Current(long id, long roomId, Long seriesId, Long columnId, String title, String description,
               OffsetDateTime startsAt, OffsetDateTime endsAt, String status, String airedBy, OffsetDateTime airedAt,
               OffsetDateTime actualStart, ZoneId zone) {

  static Current from(Row row, ZoneId zone) {
    return new Current(row.getLong("id"), row.getLong("room_id"), row.getLong("series_id"), row.getLong("column_id"),
      row.getString("title"), row.getString("description"), row.getOffsetDateTime("starts_at"),
      row.getOffsetDateTime("ends_at"), row.getString("status"), row.getString("aired_by"), row.getOffsetDateTime("aired_at"),
      row.getOffsetDateTime("actual_start"), zone);
  }

  /** Aired without the host saying so: by the clock, a recording or metrics. */
  boolean airedUnconfirmed() {
    return status.equals("ended") && airedBy != null && !airedBy.equals("host");
  }
}
