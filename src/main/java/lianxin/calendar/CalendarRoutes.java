package lianxin.calendar;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneId;
import java.util.ArrayList;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import lianxin.cache.Encoded;
import lianxin.cache.ResponseCache;
import lianxin.http.ApiException;
import lianxin.http.Fields;
import lianxin.question.Answers;

/** Calendar feeds residents subscribe to: one per room, one per org unit (its whole subtree). */
public record CalendarRoutes(Pool pool, ResponseCache cache) {

  private static final String CONTENT_TYPE = "text/calendar; charset=utf-8";
  private static final int DEFAULT_ALARM = 30;
  private static final int MAX_ALARM = 1440;

  public void mount(Router router) {
    router.get("/api/rooms/:id/calendar.ics").handler(this::room);
    router.get("/api/orgs/:id/calendar.ics").handler(this::org);
    router.get("/api/episodes/:id/calendar.ics").handler(this::episode);
  }

  /** {@code ?alarm=MINUTES}: a reminder that long before each episode, as the subscriber chose; null for none. */
  private static Integer alarm(RoutingContext ctx, Integer fallback) {
    String raw = ctx.queryParams().get("alarm");
    if (raw == null) {
      return fallback;
    }
    if (!raw.matches("[0-9]{1,4}") || Integer.parseInt(raw) < 1 || Integer.parseInt(raw) > MAX_ALARM) {
      throw ApiException.badRequest("alarm", "alarm 应为 1 到 " + MAX_ALARM + " 之间的分钟数。",
        "alarm must be a number of minutes from 1 to " + MAX_ALARM + ".");
    }
    return Integer.parseInt(raw);
  }

  private void room(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "room");
    Integer alarm = alarm(ctx, null);
    cache.get(String.valueOf(id), ctx.request().path() + (alarm == null ? "" : "?alarm=" + alarm),
        () -> feed(CalendarSql.ROOM_NAME, CalendarSql.ROOM_EVENTS, id, "room", alarm))
      .onSuccess(encoded -> encoded.send(ctx))
      .onFailure(ctx::fail);
  }

  private void org(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "org");
    cache.get(ResponseCache.GLOBAL, ctx.request().path(), () -> feed(CalendarSql.ORG_NAME, CalendarSql.ORG_EVENTS, id, "org", null))
      .onSuccess(encoded -> encoded.send(ctx))
      .onFailure(ctx::fail);
  }

  /**
   * One episode alone with a reminder (30 minutes before unless {@code ?alarm=} says otherwise), downloaded once by
   * a resident who wants that one show in the phone's calendar rather than the room's whole feed.
   */
  private void episode(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "episode");
    Integer alarm = alarm(ctx, DEFAULT_ALARM);
    pool.preparedQuery(CalendarSql.EPISODE_EVENT).execute(Tuple.of(id))
      .onSuccess(rows -> {
        if (rows.size() == 0) {
          ctx.fail(ApiException.notFound("episode", id));
          return;
        }
        List<CalendarEvent> events = events(rows);
        CalendarEvent e = events.get(0);
        String name = e.number() == null ? e.title() : "第" + e.number() + "期";
        ctx.response().putHeader("content-type", CONTENT_TYPE)
          .putHeader("content-disposition", "attachment; filename=\"episode-" + id + ".ics\"; filename*=UTF-8''"
            + URLEncoder.encode(name + ".ics", StandardCharsets.UTF_8).replace("+", "%20"))
          .end(IcsFeed.render(e.roomName() + " · " + name, events, alarm));
      })
      .onFailure(ctx::fail);
  }

  private Future<Encoded> feed(String nameSql, String eventsSql, long id, String what, Integer alarm) {
    Tuple key = Tuple.of(id);
    return pool.preparedQuery(nameSql).execute(key).compose(names -> {
      if (names.size() == 0) {
        throw ApiException.notFound(what, id);
      }
      String name = names.iterator().next().getString("name");
      return pool.preparedQuery(eventsSql).execute(key)
        .map(rows -> Encoded.of(IcsFeed.render(name + " · 连心直播日程", events(rows), alarm), CONTENT_TYPE));
    });
  }

  private static List<CalendarEvent> events(RowSet<Row> rows) {
    List<CalendarEvent> events = new ArrayList<>();
    for (Row row : rows) {
      ZoneId zone = ZoneId.of(row.getString("timezone"));
      events.add(new CalendarEvent(row.getLong("id"), row.getString("title"),
        Answers.withWillAnswer(row.getString("description"), row.getValue("will_answer")),
        row.getOffsetDateTime("starts_at").atZoneSameInstant(zone), row.getOffsetDateTime("ends_at").atZoneSameInstant(zone),
        row.getString("status"), row.getInteger("number"), row.getInteger("revision"),
        row.getOffsetDateTime("updated_at").toInstant(), row.getString("room_name"), row.getString("cancel_reason")));
    }
    return events;
  }
}
