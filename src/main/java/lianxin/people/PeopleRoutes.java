package lianxin.people;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import lianxin.auth.Access;
import lianxin.auth.User;
import lianxin.db.Tx;
import lianxin.http.ApiException;
import lianxin.http.Bodies;
import lianxin.http.Fields;
import lianxin.http.Replies;

/** Hosts and guests (主播、嘉宾). */
public record PeopleRoutes(Pool pool) {

  private static final String INSERT = "INSERT INTO people (name) VALUES ($1) RETURNING id, name";
  private static final String ONE = "SELECT id, name FROM people WHERE id = $1";
  private static final String PAGE = "SELECT id, name FROM people WHERE id > $1 ORDER BY id LIMIT $2";

  public void mount(Router router) {
    Bodies.json(router.post("/api/people")).handler(this::create);
    router.get("/api/people").handler(this::list);
    router.get("/api/people/:id").handler(this::get);
  }

  private void create(RoutingContext ctx) {
    User actor = Access.require(ctx);
    String name = Fields.text(Fields.body(ctx), "name", 100);
    Tx.as(pool, actor, conn -> conn.preparedQuery(INSERT).execute(Tuple.of(name)))
      .onSuccess(rows -> Replies.created(ctx, toJson(rows.iterator().next())))
      .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    int limit = Fields.limit(ctx, 100, 500);
    Long after = Fields.queryId(ctx, "cursor");
    pool.preparedQuery(PAGE).execute(Tuple.of(after == null ? 0 : after, limit))
      .onSuccess(rows -> {
        JsonArray items = new JsonArray();
        rows.forEach(row -> items.add(toJson(row)));
        JsonObject body = new JsonObject().put("items", items);
        if (items.size() == limit) {
          body.put("next", String.valueOf(items.getJsonObject(limit - 1).getLong("id")));
        }
        Replies.ok(ctx, body);
      })
      .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "person");
    pool.preparedQuery(ONE).execute(Tuple.of(id))
      .onSuccess(rows -> {
        if (rows.size() == 0) {
          ctx.fail(ApiException.notFound("person", id));
        } else {
          Replies.ok(ctx, toJson(rows.iterator().next()));
        }
      })
      .onFailure(ctx::fail);
  }

  private static JsonObject toJson(Row row) {
    return new JsonObject().put("id", row.getLong("id")).put("name", row.getString("name"));
  }
}
