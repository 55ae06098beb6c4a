package lianxin.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import lianxin.http.Fields;
import lianxin.http.Replies;
import lianxin.http.Times;

/** Who changed what and when: admins see everything, officials their subtree. */
public record AuditRoutes(Pool pool) {


  public void mount(Router router) {
    router.get("/api/audit").handler(this::list);
  }

  private void list(RoutingContext ctx) {
    User user = Access.require(ctx);
    if (!user.admin() && !user.official()) {
      throw Access.forbidden("只有管理员和工作人员可以查看操作记录", "Only admins and officials can read the audit log");
    }
    Long asked = Fields.queryId(ctx, "orgId");
    Long orgId = asked != null ? asked : user.admin() ? null : user.orgId();
    OffsetDateTime from = Fields.queryTime(ctx, "from", Times.CHINA);
    OffsetDateTime to = Fields.queryTime(ctx, "to", Times.CHINA);
    Long before = Fields.queryId(ctx, "cursor");
    int limit = Fields.limit(ctx, 100, 500);
    (orgId == null ? Future.<Void>succeededFuture() : Access.org(pool, user, orgId))
      .compose(v -> pool.preparedQuery(AuthSql.AUDIT).execute(Tuple.of(orgId, from, to, before, limit)))
      .onSuccess(rows -> {
        JsonArray items = new JsonArray();
        long last = 0;
        for (Row row : rows) {
          last = row.getLong("id");
          items.add(new JsonObject()
            .put("id", last)
            .put("at", Times.format(row.getOffsetDateTime("at"), Times.CHINA))
            .put("actor", row.getLong("actor_id") == null ? null
              : new JsonObject().put("id", row.getLong("actor_id")).put("username", row.getString("actor_name")))
            .put("action", row.getString("action"))
            .put("target", row.getString("target"))
            .put("orgId", row.getLong("org_id"))
            .put("roomId", row.getLong("room_id"))
            .put("before", row.getValue("before"))
            .put("after", row.getValue("after")));
        }
        JsonObject body = new JsonObject().put("items", items);
        if (items.size() == limit) {
          body.put("next", String.valueOf(last));
        }
        Replies.ok(ctx, body);
      })
      .onFailure(ctx::fail);
  }
}
