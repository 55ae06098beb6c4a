package lianxin.schedule;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import lianxin.auth.Access;
import lianxin.cache.Encoded;
import lianxin.cache.ResponseCache;
import lianxin.http.ApiException;
import lianxin.http.Bodies;
import lianxin.http.Fields;
import lianxin.http.Replies;

/** Scheduling single episodes, and reading the schedule. */
public final class EpisodeRoutes {

  private final RoomWrites writes;
  private final ResponseCache cache;

  public EpisodeRoutes(io.vertx.sqlclient.Pool pool, ResponseCache cache) {
    this.writes = new RoomWrites(pool, cache);
    this.cache = cache;
  }

  public void mount(Router router) {
    Bodies.json(router.post("/api/rooms/:id/episodes")).handler(this::create);
    router.get("/api/rooms/:id/upcoming").handler(this::upcoming);
    router.get("/api/episodes").handler(this::list);
    router.get("/api/episodes/:id").handler(this::get);
    Bodies.json(router.patch("/api/episodes/:id")).handler(this::update);
    new Lifecycle(writes).mount(router);
    new SeriesRoutes(writes).mount(router);
  }

  private void create(RoutingContext ctx) {
    long roomId = Fields.pathId(ctx, "id", "room");
    EpisodeInput in = EpisodeInput.forCreate(Fields.body(ctx));
    List<Slot> slots = List.of(new Slot(in.startsAt(), in.endsAt()));
    List<Long> people = concat(in.hostIds(), in.guestIds());
    Future<Long> created = writes.inRoom(Access.require(ctx), roomId, (conn, zone) ->
      RoomWrites.checkRefs(conn, roomId, in.columnId(), in.hostIds(), in.guestIds())
        .compose(v -> Conflicts.find(conn, roomId, slots, people, List.of()))
        .compose(conflicts -> {
          if (!conflicts.isEmpty()) {
            throw Conflicts.error(conflicts);
          }
          return conn.preparedQuery(EpisodeSql.INSERT)
            .execute(Tuple.of(roomId, in.columnId(), null, in.title(), in.description(), in.startsAt(), in.endsAt()));
        })
        .map(rows -> rows.iterator().next().getLong("id"))
        .compose(id -> RoomWrites.setPeople(conn, id, in.hostIds(), in.guestIds(), false)
          .compose(v -> Numbering.renumber(conn, roomId))
          .map(id)));
    // A host booked in another room at the same moment gets past the look above; the constraint stops it.
    writes.explainOverlaps(created, () -> Conflicts.explain(writes.pool(), roomId, slots, people, List.of()))
      .compose(id -> load(id))
      .onSuccess(episode -> Replies.created(ctx, episode))
      .onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "episode");
    JsonObject body = Fields.only(Fields.body(ctx), EpisodeInput.EDITABLE);
    EpisodeInput in = EpisodeInput.forUpdate(body);
    boolean following = Scope.following(body);
    writes.onEpisode(Access.require(ctx), id, (conn, current) -> new Edit(conn, current, in, following).apply())
      .compose(v -> load(id))
      .onSuccess(episode -> Replies.ok(ctx, episode))
      .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "episode");
    load(id).onSuccess(episode -> Replies.ok(ctx, episode)).onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    EpisodeQuery query = EpisodeQuery.from(ctx);
    Long roomId = Fields.queryId(ctx, "roomId");
    String group = roomId == null ? ResponseCache.GLOBAL : String.valueOf(roomId);
    cache.get(group, ctx.request().uri(), () -> writes.pool().preparedQuery(query.sql()).execute(query.params())
        .map(rows -> Encoded.json(page(rows, query.limit()))))
      .onSuccess(encoded -> encoded.send(ctx))
      .onFailure(ctx::fail);
  }

  private void upcoming(RoutingContext ctx) {
    long roomId = Fields.pathId(ctx, "id", "room");
    int limit = Fields.limit(ctx, 20, 100);
    cache.get(String.valueOf(roomId), ctx.request().uri(), () -> writes.pool().preparedQuery(EpisodeSql.ROOM_EXISTS)
        .execute(Tuple.of(roomId))
        .compose(found -> {
          if (found.size() == 0) {
            throw ApiException.notFound("room", roomId);
          }
          return writes.pool().preparedQuery(EpisodeSql.UPCOMING).execute(Tuple.of(roomId, limit));
        })
        .map(rows -> Encoded.json(page(rows, Integer.MAX_VALUE))))
      .onSuccess(encoded -> encoded.send(ctx))
      .onFailure(ctx::fail);
  }

  private static JsonObject page(RowSet<Row> rows, int limit) {
    JsonArray items = new JsonArray();
    Row last = null;
    for (Row row : rows) {
      items.add(Episode.toJson(row));
      last = row;
    }
    JsonObject body = new JsonObject().put("items", items);
    if (last != null && items.size() == limit) {
      body.put("next", EpisodeQuery.cursorAfter(last.getOffsetDateTime("starts_at"), last.getLong("id")));
    }
    return body;
  }

  Future<JsonObject> load(long id) {
    return writes.pool().preparedQuery(EpisodeSql.ONE).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        throw ApiException.notFound("episode", id);
      }
      return Episode.toJson(rows.iterator().next());
    });
  }

  static List<Long> concat(List<Long> a, List<Long> b) {
    List<Long> all = new ArrayList<>(a == null ? List.of() : a);
    if (b != null) {
      all.addAll(b);
    }
    return all;
  }

}
