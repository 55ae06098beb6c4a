package lianxin.schedule;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import lianxin.auth.Access;
import lianxin.http.ApiException;
import lianxin.http.Bodies;
import lianxin.http.Fields;
import lianxin.http.Replies;
import lianxin.http.Times;

/** Recurring series: every occurrence is booked, or none is and every clash is listed. */
record SeriesRoutes(RoomWrites writes) {

  void mount(Router router) {
    Bodies.json(router.post("/api/rooms/:id/series")).handler(this::create);
  }

  private record Request(String title, String description, Long columnId, String rrule, LocalDateTime start,
                         int minutes, List<Long> hostIds, List<Long> guestIds, boolean dryRun, boolean confirmRenumber) {

    static Request from(JsonObject body) {
      Long minutes = Fields.requiredLong(body, "durationMinutes");
      if (minutes < 1 || minutes > Slot.LONGEST.toMinutes()) {
        throw ApiException.invalid("durationMinutes", "durationMinutes 应在 1 到 720 之间。", "durationMinutes must be from 1 to 720.");
      }
      List<Long> hosts = Fields.longList(body, "hostIds");
      List<Long> guests = Fields.longList(body, "guestIds");
      if (hosts.stream().anyMatch(guests::contains)) {
        throw ApiException.invalid("guestIds", "同一个人不能既是主播又是嘉宾。", "A person cannot be both host and guest.");
      }
      return new Request(Fields.text(body, "title", EpisodeInput.TITLE_MAX),
        Fields.optionalParagraph(body, "description", EpisodeInput.DESCRIPTION_MAX),
        Fields.optionalLong(body, "columnId"), Fields.text(body, "rrule", 500),
        Fields.localDateTime(body, "start"), minutes.intValue(), hosts, guests, Fields.flag(body, "dryRun"),
        Fields.flag(body, "confirmRenumber"));
    }

    List<Slot> slots(ZoneId zone) {
      return Recurrence.expand(rrule, start, zone).stream()
        .map(at -> new Slot(at.toOffsetDateTime(), at.toOffsetDateTime().plus(Duration.ofMinutes(minutes))))
        .toList();
    }
  }

  private void create(RoutingContext ctx) {
    long roomId = Fields.pathId(ctx, "id", "room");
    Request req = Request.from(Fields.body(ctx));
    List<Long> people = EpisodeRoutes.concat(req.hostIds(), req.guestIds());
    List<List<Slot>> planned = new ArrayList<>(1);
    Future<JsonObject> result = writes.inRoom(Access.require(ctx), roomId, (conn, zone) -> {
      List<Slot> slots = req.slots(zone);
      planned.add(slots);
      return RoomWrites.checkRefs(conn, roomId, req.columnId(), req.hostIds(), req.guestIds())
        .compose(v -> Conflicts.find(conn, roomId, slots, people, List.of()))
        .compose(conflicts -> {
          if (req.dryRun()) {
            return Future.succeededFuture(preview(slots, zone, conflicts));
          }
          if (!conflicts.isEmpty()) {
            throw Conflicts.error(conflicts);
          }
          return Numbering.guarded(conn, roomId, req.confirmRenumber(), () -> book(conn, roomId, req, slots))
            .map(done -> done.result().put("renumbered", done.renumbered()));
        });
    });
    writes.explainOverlaps(result, () -> Conflicts.explain(writes.pool(), roomId, planned.get(0), people, List.of()))
      .onSuccess(body -> Replies.send(ctx, req.dryRun() ? 200 : 201, body))
      .onFailure(ctx::fail);
  }

  private Future<JsonObject> book(SqlConnection conn, long roomId, Request req, List<Slot> slots) {
    return conn.preparedQuery(EpisodeSql.INSERT_SERIES)
      .execute(Tuple.of(roomId, req.title(), req.rrule(), req.start(), req.minutes()))
      .map(rows -> rows.iterator().next().getLong("id"))
      .compose(seriesId -> conn.preparedQuery(EpisodeSql.INSERT)
        .executeBatch(slots.stream().map(s -> Tuple.of(roomId, req.columnId(), seriesId, req.title(), req.description(), s.start(), s.end())).toList())
        .map(SeriesRoutes::ids)
        .compose(ids -> {
          List<Tuple> cast = new ArrayList<>();
          for (Long id : ids) {
            req.hostIds().forEach(p -> cast.add(Tuple.of(id, p, "host")));
            req.guestIds().forEach(p -> cast.add(Tuple.of(id, p, "guest")));
          }
          Future<?> people = cast.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(EpisodeSql.INSERT_PERSON).executeBatch(cast);
          // The episodes as they answer after the commit: the ones already past are marked aired first.
          return people.compose(v -> Numbering.renumber(conn, roomId))
            .compose(v -> AirSweep.room(conn, roomId, writes.grace()))
            .compose(v -> conn.preparedQuery(EpisodeSql.MANY).execute(Tuple.of(ids.toArray(Long[]::new))));
        })
        .map(rows -> {
          JsonArray episodes = new JsonArray();
          rows.forEach(row -> episodes.add(Episode.toJson(row)));
          return new JsonObject().put("seriesId", seriesId).put("episodes", episodes);
        }));
  }

  private static List<Long> ids(RowSet<Row> batch) {
    List<Long> ids = new ArrayList<>();
    for (RowSet<Row> rows = batch; rows != null; rows = rows.next()) {
      rows.forEach(row -> ids.add(row.getLong("id")));
    }
    return ids;
  }

  private static JsonObject preview(List<Slot> slots, ZoneId zone, JsonArray conflicts) {
    JsonArray episodes = new JsonArray();
    for (int i = 0; i < slots.size(); i++) {
      int slot = i;
      JsonArray clashes = new JsonArray(conflicts.stream().filter(c -> ((JsonObject) c).getInteger("slot") == slot).toList());
      episodes.add(new JsonObject()
        .put("startsAt", Times.format(slots.get(i).start(), zone))
        .put("endsAt", Times.format(slots.get(i).end(), zone))
        .put("conflicts", clashes));
    }
    return new JsonObject().put("dryRun", true).put("episodes", episodes).put("conflicts", conflicts);
  }
}
