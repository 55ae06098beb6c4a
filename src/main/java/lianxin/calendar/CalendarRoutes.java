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
import java.util.List;
import lianxin.cache.Encoded;
import lianxin.cache.ResponseCache;
import lianxin.http.ApiException;
import lianxin.http.Fields;

/** Calendar feeds residents subscribe to: one per room, one per org unit (its whole subtree). */
public record CalendarRoutes(Pool pool, ResponseCache cache) {

  private static final String CONTENT_TYPE = "text/calendar; charset=utf-8";

  public void mount(Router router) {
    router.get("/api/rooms/:id/calendar.ics").handler(this::room);
    router.get("/api/orgs/:id/calendar.ics").handler(this::org);
  }

  private void room(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "room");
    cache.get(String.valueOf(id), ctx.request().path(), () -> feed(CalendarSql.ROOM_NAME, CalendarSql.ROOM_EVENTS, id, "room"))
      .onSuccess(encoded -> encoded.send(ctx))
      .onFailure(ctx::fail);
  }

  private void org(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "org");
    cache.get(ResponseCache.GLOBAL, ctx.request().path(), () -> feed(CalendarSql.ORG_NAME, CalendarSql.ORG_EVENTS, id, "org"))
      .onSuccess(encoded -> encoded.send(ctx))
      .onFailure(ctx::fail);
  }

  private Future<Encoded> feed(String nameSql, String eventsSql, long id, String what) {
    Tuple key = Tuple.of(id);
    return pool.preparedQuery(nameSql).execute(key).compose(names -> {
      if (names.size() == 0) {
        throw ApiException.notFound(what, id);
      }
      String name = names.iterator().next().getString("name");
      return pool.preparedQuery(eventsSql).execute(key)
        .map(rows -> Encoded.of(IcsFeed.render(name + " · 连心直播日程", events(rows)), CONTENT_TYPE));
    });
  }

  private static List<CalendarEvent> events(RowSet<Row> rows) {
    List<CalendarEvent> events = new ArrayList<>();
    for (Row row : rows) {
      ZoneId zone = ZoneId.of(row.getString("timezone"));
      events.add(new CalendarEvent(row.getLong("id"), row.getString("title"), row.getString("description"),
        row.getOffsetDateTime("starts_at").atZoneSameInstant(zone), row.getOffsetDateTime("ends_at").atZoneSameInstant(zone),
        row.getString("status"), row.getInteger("number"), row.getInteger("revision"),
        row.getOffsetDateTime("updated_at").toInstant(), row.getString("room_name"), row.getString("cancel_reason")));
    }
    return events;
  }
}
