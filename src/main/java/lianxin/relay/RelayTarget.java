package lianxin.relay;

import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;

/** One place a room's stream is pushed to, as stored: the push URL sealed, and masked for pages. */
record RelayTarget(long id, long roomId, String platform, String masked, String sealed, boolean enabled, int position,
                   OffsetDateTime updatedAt) {

  static RelayTarget from(Row row) {
    return new RelayTarget(row.getLong("id"), row.getLong("room_id"), row.getString("platform"),
      row.getString("push_masked"), row.getString("push_sealed"), row.getBoolean("enabled"), row.getInteger("position"),
      row.getOffsetDateTime("updated_at"));
  }

  io.vertx.core.json.JsonObject json() {
    return new io.vertx.core.json.JsonObject().put("id", id).put("platform", platform).put("pushUrl", masked)
      .put("enabled", enabled);
  }
}
