package lianxin.org;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/** An org unit: district (区), sub-district (街道), town (镇), community (社区) or village (村). */
record Org(long id, String name, String kind, Long parentId) {

  static Org from(Row row) {
    return new Org(row.getLong("id"), row.getString("name"), row.getString("kind"), row.getLong("parent_id"));
  }

  JsonObject toJson() {
    return new JsonObject().put("id", id).put("name", name).put("kind", kind).put("parentId", parentId);
  }

  /** Which kinds may sit directly under a parent of this kind (null: a root). */
  static boolean mayHaveParent(String kind, String parentKind) {
    return switch (kind) {
      case "district" -> parentKind == null;
      case "subdistrict", "town" -> "district".equals(parentKind);
      // The newspaper names communities and villages by district alone (回民区奔腾社区), so that is allowed too.
      case "community", "village" -> "subdistrict".equals(parentKind) || "town".equals(parentKind) || "district".equals(parentKind);
      default -> false;
    };
  }
}
