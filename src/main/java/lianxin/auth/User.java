package lianxin.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.List;
import lianxin.db.Actor;

/** A signed-in person: an admin, an official of an org subtree, or a host of some rooms. */
public record User(long id, String username, String role, Long orgId, List<Long> roomIds) implements Actor {

  public static User from(Row row) {
    Long[] rooms = row.getArrayOfLongs("room_ids");
    return new User(row.getLong("id"), row.getString("username"), row.getString("role"), row.getLong("org_id"),
      rooms == null ? List.of() : List.of(rooms));
  }

  public boolean admin() {
    return role.equals("admin");
  }

  public boolean official() {
    return role.equals("official");
  }

  /** The audit log's actor, read by the audit trigger. */
  @Override
  public String actor() {
    return id + ":" + username;
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("username", username).put("role", role).put("orgId", orgId)
      .put("roomIds", new JsonArray(roomIds));
  }
}
