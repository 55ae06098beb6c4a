package lianxin.search;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import lianxin.cache.Encoded;
import lianxin.cache.ResponseCache;
import lianxin.http.ApiException;
import lianxin.http.Origins;
import lianxin.http.Fields;
import lianxin.media.MediaStore;
import lianxin.media.MediaUrls;
import lianxin.question.Answers;

/** Podcast feeds of a room and of one of its columns: its archived episodes, newest first. */
public record PodcastRoutes(Vertx vertx, Pool pool, ResponseCache cache, MediaStore store) {

  private static final String RSS = "application/rss+xml; charset=utf-8";

  public void mount(Router router) {
    router.get("/api/rooms/:id/podcast.xml").handler(this::room);
    router.get("/api/rooms/:id/columns/:cid/podcast.xml").handler(this::column);
  }

  private void room(RoutingContext ctx) {
    feed(ctx, Fields.pathId(ctx, "id", "room"), null);
  }

  private void column(RoutingContext ctx) {
    feed(ctx, Fields.pathId(ctx, "id", "room"), Fields.pathId(ctx, "cid", "column"));
  }

  private void feed(RoutingContext ctx, long roomId, Long columnId) {
    String base = base(ctx);
    // Absolute URLs depend on the address the app used, so it is part of the key.
    cache.get(String.valueOf(roomId), base + ctx.request().uri(), () -> load(roomId, columnId, base))
      .onSuccess(encoded -> encoded.send(ctx))
      .onFailure(ctx::fail);
  }

  private Future<Encoded> load(long roomId, Long columnId, String base) {
    return Future.all(pool.preparedQuery(PodcastSql.ROOM).execute(Tuple.of(roomId, columnId)),
        pool.preparedQuery(PodcastSql.ITEMS).execute(Tuple.of(roomId, columnId)))
      .compose(both -> {
        RowSet<Row> room = both.resultAt(0);
        if (room.size() == 0) {
          throw ApiException.notFound("room", roomId);
        }
        Row r = room.iterator().next();
        if (columnId != null && r.getString("column_name") == null) {
          throw ApiException.notFound("column", columnId);
        }
        RowSet<Row> rows = both.resultAt(1);
        return vertx.executeBlocking(() -> render(r, rows, columnId, base), false);
      });
  }

  private Encoded render(Row room, RowSet<Row> rows, Long columnId, String base) throws java.io.IOException {
    List<PodcastFeed.Item> items = new ArrayList<>();
    String image = null;
    for (Row e : rows) {
      long audioBytes = store.size(e.getString("audio_key"));
      if (audioBytes < 0) {
        continue; // being replaced right now: the next request lists it again
      }
      long id = e.getLong("id");
      String poster = e.getString("poster_key") == null ? null : base + MediaUrls.of(e.getString("poster_key"));
      image = image == null ? poster : image;
      String api = base + "/api/episodes/" + id;
      items.add(new PodcastFeed.Item(id, e.getString("title"),
        Answers.withAnswered(e.getString("description"), e.getValue("answered")), e.getInteger("number"),
        e.getOffsetDateTime("published"), base + "/episodes/" + id, base + MediaUrls.of(e.getString("audio_key")),
        audioBytes, e.getDouble("duration_seconds"), poster,
        e.getBoolean("has_transcript") ? api + "/transcript.vtt" : null,
        e.getBoolean("has_chapters") ? api + "/chapters" : null));
    }
    String name = room.getString("name") + (columnId == null ? "" : " · " + room.getString("column_name"));
    String description = room.getString("description") != null ? room.getString("description")
      : room.getString("org_name") + "「" + room.getString("name") + "」的往期节目。";
    PodcastFeed.Channel channel = new PodcastFeed.Channel(name, description, base + "/rooms/" + room.getLong("id"),
      room.getString("org_name"), image, "zh-cn");
    return Encoded.of(PodcastFeed.xml(channel, items), RSS);
  }

  /** The address the client used, for the feed's absolute links; a Host that is not a name is refused. */
  private static String base(RoutingContext ctx) {
    String base = Origins.of(ctx);
    if (base == null) {
      throw ApiException.badRequest("host", "Host 头无效。", "The Host header is not a host name.");
    }
    return base;
  }
}
