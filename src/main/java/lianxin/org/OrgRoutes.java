package lianxin.org;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lianxin.auth.Access;
import lianxin.auth.User;
import lianxin.cache.Encoded;
import lianxin.cache.ResponseCache;
import lianxin.db.Tx;
import lianxin.http.ApiException;
import lianxin.http.Bodies;
import lianxin.http.Fields;
import lianxin.http.Replies;

/** Org units as a tree: 区 → 街道/镇 → 社区/村. */
public record OrgRoutes(Pool pool, ResponseCache cache) {

  private static final Set<String> KINDS = Set.of("district", "subdistrict", "town", "community", "village");

  public void mount(Router router) {
    Bodies.json(router.post("/api/orgs")).handler(this::create);
    router.get("/api/orgs").handler(this::tree);
    router.get("/api/orgs/:id").handler(this::get);
  }

  private void create(RoutingContext ctx) {
    User actor = Access.require(ctx);
    JsonObject body = Fields.body(ctx);
    String name = Fields.text(body, "name", 100);
    String kind = Fields.text(body, "kind", 20);
    if (!KINDS.contains(kind)) {
      throw ApiException.invalid("kind", "kind 应为 district、subdistrict、town、community 或 village。",
        "kind must be one of district, subdistrict, town, community, village.");
    }
    Long parentId = Fields.optionalLong(body, "parentId");
    parentKind(parentId)
      .map(parentKind -> {
        if (!Org.mayHaveParent(kind, parentKind)) {
          throw ApiException.invalid("parentId", "层级不对：" + kind + " 不能放在 " + (parentKind == null ? "最上层" : parentKind)
            + " 下。",
        "A " + kind + " cannot sit under " + (parentKind == null ? "nothing" : "a " + parentKind) + " (区 → 街道/镇 → 社区/村; 社区/村 may also sit under a 区).");
        }
        return Tuple.of(name, kind, parentId);
      })
      .compose(params -> Tx.as(pool, actor, conn -> (parentId == null
          ? (actor.admin() ? Future.<Void>succeededFuture() : Future.<Void>failedFuture(Access.forbidden("只有管理员可以新建区", "Only admins add districts")))
          : Access.org(conn, actor, parentId))
        .compose(v -> conn.preparedQuery(OrgSql.INSERT).execute(params))))
      .onSuccess(rows -> {
        cache.invalidate("orgs");
        Replies.created(ctx, Org.from(rows.iterator().next()).toJson());
      })
      .onFailure(ctx::fail);
  }

  private Future<String> parentKind(Long parentId) {
    if (parentId == null) {
      return Future.succeededFuture(null);
    }
    return pool.preparedQuery(OrgSql.KIND_OF).execute(Tuple.of(parentId)).map(rows -> {
      if (rows.size() == 0) {
        throw ApiException.invalid("parentId", "上级机构 " + parentId + " 不存在。", "Parent org " + parentId + " does not exist.");
      }
      return rows.iterator().next().getString("kind");
    });
  }

  private void tree(RoutingContext ctx) {
    cache.get("orgs", "tree", () -> pool.query(OrgSql.ALL).execute().map(OrgRoutes::nest))
      .onSuccess(encoded -> encoded.send(ctx))
      .onFailure(ctx::fail);
  }

  private static Encoded nest(RowSet<Row> rows) {
    Map<Long, JsonObject> byId = new LinkedHashMap<>();
    for (Row row : rows) {
      byId.put(row.getLong("id"), Org.from(row).toJson().put("children", new JsonArray()));
    }
    JsonArray roots = new JsonArray();
    for (JsonObject org : byId.values()) {
      Long parent = org.getLong("parentId");
      (parent == null ? roots : byId.get(parent).getJsonArray("children")).add(org);
    }
    return Encoded.json(new JsonObject().put("items", roots));
  }

  private void get(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "org");
    Tuple key = Tuple.of(id);
    Future.all(List.of(
        pool.preparedQuery(OrgSql.ONE).execute(key),
        pool.preparedQuery(OrgSql.CHILDREN).execute(key),
        pool.preparedQuery(OrgSql.ROOMS).execute(key)))
      .onSuccess(all -> {
        RowSet<Row> org = all.resultAt(0);
        if (org.size() == 0) {
          ctx.fail(ApiException.notFound("org", id));
          return;
        }
        JsonArray children = new JsonArray();
        all.<RowSet<Row>>resultAt(1).forEach(row -> children.add(Org.from(row).toJson()));
        JsonArray rooms = new JsonArray();
        all.<RowSet<Row>>resultAt(2).forEach(row -> rooms.add(new JsonObject().put("id", row.getLong("id")).put("name", row.getString("name"))));
        JsonObject json = Org.from(org.iterator().next()).toJson().put("children", children).put("rooms", rooms);
        Replies.ok(ctx, json);
      })
      .onFailure(ctx::fail);
  }
}
