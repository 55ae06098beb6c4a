package lianxin.auth;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import lianxin.http.ApiException;
import lianxin.http.Fields;
import lianxin.http.Replies;
import lianxin.http.Times;
import lianxin.http.Bodies;

/** Personal API tokens for scripts: shown once at creation, listed by name, revoked at will. */
public record TokenRoutes(Pool pool) {


  public void mount(Router router) {
    Bodies.json(router.post("/api/tokens")).handler(this::create);
    router.get("/api/tokens").handler(this::list);
    Bodies.json(router.delete("/api/tokens/:id")).handler(this::revoke);
  }

  private void create(RoutingContext ctx) {
    User user = Access.require(ctx);
    String name = ctx.body().length() == 0 ? null : Fields.optionalText(Fields.body(ctx), "name", 100);
    String token = Tokens.generate("lxt_");
    pool.preparedQuery(AuthSql.INSERT_TOKEN)
      .execute(Tuple.of(user.id(), "api", Buffer.buffer(Tokens.hash(token)), null, name, null))
      .onSuccess(rows -> Replies.created(ctx, new JsonObject().put("id", rows.iterator().next().getLong("id"))
        .put("name", name).put("token", token)))
      .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    User user = Access.require(ctx);
    pool.preparedQuery(AuthSql.TOKENS_OF).execute(Tuple.of(user.id()))
      .onSuccess(rows -> {
        JsonArray items = new JsonArray();
        rows.forEach(row -> items.add(new JsonObject().put("id", row.getLong("id")).put("name", row.getString("name"))
          .put("createdAt", Times.format(row.getOffsetDateTime("created_at"), Times.CHINA))
          .put("lastUsedAt", Times.format(row.getOffsetDateTime("last_used_at"), Times.CHINA))));
        Replies.ok(ctx, new JsonObject().put("items", items));
      })
      .onFailure(ctx::fail);
  }

  private void revoke(RoutingContext ctx) {
    User user = Access.require(ctx);
    long id = Fields.pathId(ctx, "id", "token");
    pool.preparedQuery(AuthSql.TOKEN_OWNER).execute(Tuple.of(id))
      .compose(rows -> {
        if (rows.size() == 0) {
          throw ApiException.notFound("token", id);
        }
        if (rows.iterator().next().getLong("user_id") != user.id() && !user.admin()) {
          throw Access.forbidden("只能撤销自己的令牌", "You may revoke only your own tokens");
        }
        return pool.preparedQuery(AuthSql.REVOKE_TOKEN).execute(Tuple.of(id));
      })
      .onSuccess(v -> ctx.response().setStatusCode(204).end())
      .onFailure(ctx::fail);
  }
}
