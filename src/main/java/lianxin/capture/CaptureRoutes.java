package lianxin.capture;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import lianxin.http.ApiException;
import lianxin.http.Lang;
import lianxin.http.Fields;
import lianxin.http.Replies;
import lianxin.http.Times;

/** An episode's capture as it goes (window, node, segments, gaps); the same block sits on the recording it became. */
public record CaptureRoutes(Pool pool) {

  public void mount(Router router) {
    router.get("/api/episodes/:id/capture").handler(this::get);
  }

  private void get(RoutingContext ctx) {
    long episode = Fields.pathId(ctx, "id", "episode");
    load(pool, CaptureSql.OF_EPISODE, episode, Lang.of(ctx))
      .map(capture -> {
        if (capture == null) {
          throw ApiException.notFound("capture of episode", episode);
        }
        return capture;
      })
      .onSuccess(capture -> Replies.ok(ctx, capture))
      .onFailure(ctx::fail);
  }

  /** The capture a recording was made from, with its gaps; null when it was not captured. */
  public static Future<JsonObject> ofRecording(Pool pool, long recordingId, Lang lang) {
    return load(pool, CaptureSql.OF_RECORDING, recordingId, lang);
  }

  /** The capture found by {@code sql} (by episode or recording), with its gaps; null when there is none. */
  private static Future<JsonObject> load(Pool pool, String sql, long id, Lang lang) {
    return pool.preparedQuery(sql).execute(Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(null);
      }
      Row c = rows.iterator().next();
      JsonObject json = new JsonObject()
        .put("id", c.getLong("id"))
        .put("episodeId", c.getLong("episode_id"))
        .put("status", c.getString("status"))
        .put("sourceUrl", Sources.masked(c.getString("source_url")))
        .put("opensAt", time(c.getOffsetDateTime("opens_at")))
        .put("closesAt", time(c.getOffsetDateTime("closes_at")))
        .put("startedAt", time(c.getOffsetDateTime("started_at")))
        .put("endedAt", time(c.getOffsetDateTime("ended_at")))
        .put("node", c.getString("node"))
        .put("segments", c.getInteger("segments"))
        .put("recordingId", c.getLong("recording_id"))
        .put("error", lang == Lang.EN && c.getString("error_en") != null ? c.getString("error_en") : c.getString("error"));
      return pool.preparedQuery(CaptureSql.GAPS).execute(Tuple.of(c.getLong("id"))).map(gaps -> {
        JsonArray list = new JsonArray();
        for (Row g : gaps) {
          OffsetDateTime from = g.getOffsetDateTime("started_at");
          OffsetDateTime to = g.getOffsetDateTime("ended_at");
          list.add(new JsonObject().put("startedAt", time(from)).put("endedAt", time(to))
            .put("seconds", to == null ? null : Duration.between(from, to).toMillis() / 1000.0));
        }
        return json.put("gaps", list);
      });
    });
  }

  private static String time(OffsetDateTime t) {
    return Times.format(t, ZoneOffset.UTC);
  }
}
