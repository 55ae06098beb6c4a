package lianxin.room;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import lianxin.capture.Sources;

/** A livestream room (直播间) as clients see it. */
final class Room {

  private Room() {
  }

  static JsonObject toJson(Row row) {
    return new JsonObject()
      .put("id", row.getLong("id"))
      .put("name", row.getString("name"))
      .put("orgId", row.getLong("org_id"))
      .put("orgName", row.getString("org_name"))
      .put("description", row.getString("description"))
      .put("timezone", row.getString("timezone"))
      .put("episodeOffset", row.getInteger("episode_offset"))
      // The source may carry a stream key: pages show only its kind and host.
      .put("captureUrl", Sources.masked(row.getString("capture_url")))
      .put("platforms", (JsonArray) row.getValue("platforms"))
      .put("columns", (JsonArray) row.getValue("columns"))
      .put("episodeCount", row.getLong("episode_count"))
      .put("upcomingCount", row.getLong("upcoming_count"))
      // The latest reading of each platform account, added up; the label as people read it (1.44万).
      .put("followers", row.getLong("followers"))
      .put("followersLabel", lianxin.metrics.Counts.label(row.getLong("followers")));
  }
}
