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

  /** The highest number an episode can be given by hand, as high as a room's offset goes. */
  static final int NUMBER_MAX = 100_000;

  private final RoomWrites writes;
  private final ResponseCache cache;

  /** {@code grace}: {@code CAPTURE_GRACE}, after which a planned episode past its end counts as aired. */
  public EpisodeRoutes(io.vertx.sqlclient.Pool pool, ResponseCache cache, java.time.Duration grace) {
    this.writes = new RoomWrites(pool, cache, grace);
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
    JsonObject body = Fields.body(ctx);
    EpisodeInput in = EpisodeInput.forCreate(body);
    Integer number = backCatalogueNumber(body, in);
    boolean confirm = Fields.flag(body, "confirmRenumber");
    List<Slot> slots = List.of(new Slot(in.startsAt(), in.endsAt()));
    List<Long> people = concat(in.hostIds(), in.guestIds());
    Future<Numbering.Guarded<Long>> created = writes.inRoom(Access.require(ctx), roomId, (conn, zone) ->
      RoomWrites.checkRefs(conn, roomId, in.columnId(), in.hostIds(), in.guestIds())
        .compose(v -> Conflicts.find(conn, roomId, slots, people, List.of()))
        .compose(conflicts -> {
          if (!conflicts.isEmpty()) {
            throw Conflicts.error(conflicts);
          }
          return number == null ? Future.succeededFuture() : numberIsFree(conn, roomId, number);
        })
        .compose(free -> Numbering.guarded(conn, roomId, confirm, () -> (number == null
            ? conn.preparedQuery(EpisodeSql.INSERT)
              .execute(Tuple.of(roomId, in.columnId(), null, in.title(), in.description(), in.startsAt(), in.endsAt()))
            : conn.preparedQuery(EpisodeSql.INSERT_AIRED)
              .execute(Tuple.of(roomId, in.columnId(), in.title(), in.description(), in.startsAt(), in.endsAt(), number)))
          .map(rows -> rows.iterator().next().getLong("id"))
          .compose(id -> RoomWrites.setPeople(conn, id, in.hostIds(), in.guestIds(), false)
            .compose(v -> Numbering.renumber(conn, roomId))
            .map(id)))));
    // A host booked in another room at the same moment gets past the look above; the constraint stops it.
    writes.explainOverlaps(created, () -> Conflicts.explain(writes.pool(), roomId, slots, people, List.of()))
      .compose(done -> load(done.result()).map(episode -> episode.put("renumbered", done.renumbered())))
      .onSuccess(episode -> Replies.created(ctx, episode))
      .onFailure(ctx::fail);
  }

  /**
   * {@code number} on a new episode: the back catalogue, an episode that has already begun entered with the number
   * it aired under. It is aired at once, by the host's word; no aired episode of the room may hold the number.
   */
  private static Integer backCatalogueNumber(JsonObject body, EpisodeInput in) {
    Long number = Fields.optionalLong(body, "number");
    if (number == null) {
      return null;
    }
    if (number < 1 || number > NUMBER_MAX) {
      throw ApiException.invalid("number", "number 应在 1 到 " + NUMBER_MAX + " 之间。", "number must be from 1 to " + NUMBER_MAX + ".");
    }
    if (in.startsAt().isAfter(java.time.OffsetDateTime.now())) {
      throw ApiException.invalid("number", "只有补录已开始的往期节目时才能指定期数；计划中的节目按顺序编号。",
        "Only an episode entered after its start (the back catalogue) takes a number; planned ones are numbered in order.");
    }
    return number.intValue();
  }

  private static Future<Void> numberIsFree(io.vertx.sqlclient.SqlConnection conn, long roomId, int number) {
    return conn.preparedQuery(EpisodeSql.NUMBER_HOLDER).execute(Tuple.of(roomId, number)).map(rows -> {
      if (rows.size() > 0) {
        Row holder = rows.iterator().next();
        throw ApiException.invalid("number", "第" + number + "期已是「" + holder.getString("title") + "」（节目 " + holder.getLong("id")
          + "）。",
        "Number " + number + " is already taken by \"" + holder.getString("title") + "\" (episode " + holder.getLong("id") + ").");
      }
      return null;
    });
  }

  private void update(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "episode");
    JsonObject body = Fields.only(Fields.body(ctx), EpisodeInput.EDITABLE);
    EpisodeInput in = EpisodeInput.forUpdate(body);
    boolean following = Scope.following(body);
    boolean confirm = Fields.flag(body, "confirmRenumber");
    writes.onEpisode(Access.require(ctx), id, (conn, current) -> new Edit(conn, current, in, following, confirm).apply())
      .compose(renumbered -> load(id).map(episode -> episode.put("renumbered", renumbered)))
      .onSuccess(episode -> Replies.ok(ctx, episode))
      .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "episode");
    load(id).onSuccess(episode -> Replies.ok(ctx, episode)).onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    Long roomId = Fields.queryId(ctx, "roomId");
    String group = roomId == null ? ResponseCache.GLOBAL : String.valueOf(roomId);
    // The same URI answered before was valid: served without building its query again (the most read list there is).
    Encoded hit = cache.loaded(group, ctx.request().uri());
    if (hit != null) {
      hit.send(ctx);
      return;
    }
    EpisodeQuery query = EpisodeQuery.from(ctx);
    cache.load(group, ctx.request().uri(), () -> writes.pool().preparedQuery(query.sql()).execute(query.params())
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
