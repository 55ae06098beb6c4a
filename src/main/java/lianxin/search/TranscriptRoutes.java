package lianxin.search;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import lianxin.auth.Access;
import lianxin.auth.User;
import lianxin.cache.Encoded;
import lianxin.cache.ResponseCache;
import lianxin.db.Tx;
import lianxin.http.ApiException;
import lianxin.http.Bodies;
import lianxin.http.Fields;
import lianxin.http.Replies;
import lianxin.media.MediaStore;

/** Transcripts (SRT or WebVTT in, WebVTT out) and chapters (host-edited, else the archive's candidates). */
public final class TranscriptRoutes {

  private static final int MAX_CHAPTERS = 500;
  /**
   * A 3-hour talk show's transcript (15,000 cues and more) runs past the API's 1 MiB JSON limit, so the upload has a
   * limit of its own: 16 MiB is some 150,000 short Chinese cues, more than a day of speech.
   */
  public static final long TRANSCRIPT_BODY_LIMIT = 16L * 1024 * 1024;
  private static final String TRANSCRIPT_PATH = "/api/episodes/:id/transcript";

  private final Vertx vertx;
  private final Pool pool;
  private final ResponseCache cache;
  private final Chapters chapters;

  public TranscriptRoutes(Vertx vertx, Pool pool, ResponseCache cache, MediaStore store) {
    this.vertx = vertx;
    this.pool = pool;
    this.cache = cache;
    this.chapters = new Chapters(vertx, pool, store);
  }

  /**
   * A transcript upload has its own body limit. The caller's right to the episode and the body's type are checked
   * first, while the request is still paused, so a caller without them is refused before up to 16 MiB is read. A body
   * over the limit is refused with 413 before it is read whole (at once when Content-Length says so, else when the
   * chunks pass the limit), naming the limit.
   */
  public void mount(Router router) {
    // Two routes for the upload: Vert.x wants a body handler first on its route.
    router.put(TRANSCRIPT_PATH).handler(this::allowedBeforeBody);
    Bodies.limited(router.put(TRANSCRIPT_PATH), TRANSCRIPT_BODY_LIMIT).failureHandler(TranscriptRoutes::tooLarge)
      .handler(this::putTranscript);
    router.get("/api/episodes/:id/transcript.vtt").handler(this::transcriptVtt);
    Bodies.json(router.put("/api/episodes/:id/chapters")).handler(this::putChapters);
    router.get("/api/episodes/:id/chapters").handler(this::chaptersJson);
    router.get("/api/episodes/:id/chapters.vtt").handler(this::chaptersVtt);
  }

  private void allowedBeforeBody(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "episode");
    User user = Access.require(ctx);
    format(ctx);
    // BodyHandler resumes the request once this lets it through.
    ctx.request().pause();
    Access.episode(pool, user, id)
      .onSuccess(room -> ctx.next())
      .onFailure(ctx::fail);
  }

  /** "vtt" or "srt", from the Content-Type; anything else is refused with 415. */
  private static String format(RoutingContext ctx) {
    String type = String.valueOf(ctx.request().getHeader("content-type")).toLowerCase(java.util.Locale.ROOT);
    if (type.startsWith("text/vtt")) {
      return "vtt";
    }
    if (type.startsWith("application/x-subrip")) {
      return "srt";
    }
    throw ApiException.unsupportedType(
      "字幕请以 text/vtt（WebVTT）或 application/x-subrip（SRT）上传。",
        "Send the transcript as text/vtt or application/x-subrip.");
  }

  /** BodyHandler fails with a bare 413; this says what the limit is. */
  private static void tooLarge(RoutingContext ctx) {
    if (ctx.statusCode() == 413 && !(ctx.failure() instanceof ApiException)) {
      long mib = TRANSCRIPT_BODY_LIMIT / (1024 * 1024);
      ctx.fail(ApiException.tooLarge("字幕文件超过 " + mib + " MiB 的上限。",
        "The transcript is larger than the " + mib + " MiB limit.", new JsonObject().put("limit", TRANSCRIPT_BODY_LIMIT)));
    } else {
      ctx.next();
    }
  }


  private void putTranscript(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "episode");
    User user = Access.require(ctx);
    String format = format(ctx);
    Buffer raw = ctx.body().buffer();
    // Decoding, parsing and segmenting 16 MiB takes a second or more: all of it off the event loop.
    vertx.executeBlocking(() -> {
        String body = raw == null ? "" : raw.toString(StandardCharsets.UTF_8);
        try {
          return Transcripts.prepare(Subtitles.parse(body), format);
        } catch (Subtitles.Malformed e) {
          throw ApiException.invalid("body", e.text());
        }
      }, false)
      // The room is checked again under the episode's lock: the episode may have moved while the body was read.
      .compose(prepared -> Tx.as(pool, user, conn -> episodeFor(conn, user, id)
        .compose(roomId -> Transcripts.replace(conn, id, roomId, "upload", prepared))
        .map(prepared.cues().size())))
      // This node's search answers at once (read your writes); the others on the 'search' notice.
      .onSuccess(count -> cache.invalidate(ResponseCache.SEARCH))
      .onSuccess(count -> Replies.ok(ctx, new JsonObject().put("episodeId", id).put("cues", count)
        .put("url", "/api/episodes/" + id + "/transcript.vtt")))
      .onFailure(ctx::fail);
  }

  private void transcriptVtt(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "episode");
    cached(ctx, id, () -> pool.preparedQuery(SearchSql.TRANSCRIPT_EXISTS).execute(Tuple.of(id)).compose(found -> {
      if (found.size() == 0) {
        throw new ApiException(404, "not_found", "这期节目还没有字幕。", "This episode has no transcript yet.",
          new JsonObject().put("resource", "transcript").put("id", String.valueOf(id)));
      }
      return pool.preparedQuery(SearchSql.CUES).execute(Tuple.of(id));
    }).map(rows -> {
      List<Subtitles.Cue> cues = new ArrayList<>();
      for (Row r : rows) {
        cues.add(new Subtitles.Cue(r.getLong("start_ms"), r.getLong("end_ms"), r.getString("text")));
      }
      return Encoded.of(Subtitles.vtt(cues), "text/vtt; charset=utf-8");
    }));
  }

  private void putChapters(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "episode");
    User user = Access.require(ctx);
    JsonArray items = chapterList(ctx);
    List<Integer> seqs = new ArrayList<>();
    List<Long> starts = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    List<JsonObject> sorted = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      if (!(items.getValue(i) instanceof JsonObject item)) {
        throw ApiException.badRequest("chapters", "每个章节应为 {start, title}。", "Each chapter must be an object {start, title}.");
      }
      sorted.add(item);
    }
    sorted.sort(java.util.Comparator.comparingDouble(o -> start(o)));
    for (JsonObject item : sorted) {
      long ms = Math.round(start(item) * 1000);
      if (!starts.isEmpty() && starts.get(starts.size() - 1) == ms) {
        throw ApiException.invalid("start", "两个章节的开始时间相同。", "Two chapters start at the same second.");
      }
      seqs.add(seqs.size() + 1);
      starts.add(ms);
      titles.add(Fields.text(item, "title", 200));
    }
    Tx.as(pool, user, conn -> episodeFor(conn, user, id)
        .compose(roomId -> conn.preparedQuery(SearchSql.DELETE_CHAPTERS).execute(Tuple.of(id))
          .compose(v -> seqs.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(SearchSql.INSERT_CHAPTERS)
            .execute(Tuple.of(id, roomId, seqs.toArray(Integer[]::new), starts.toArray(Long[]::new), (Object) titles.toArray(String[]::new))))
          // The chapter titles are in the document: rebuilt now, so they are found when this answers.
          .compose(v -> Documents.index(conn, List.of(id)))))
      .onSuccess(v -> cache.invalidate(ResponseCache.SEARCH))
      .compose(v -> chapters.of(id))
      .onSuccess(list -> Replies.ok(ctx, list.json()))
      .onFailure(ctx::fail);
  }

  private static JsonArray chapterList(RoutingContext ctx) {
    Object parsed;
    try {
      parsed = ctx.body().buffer() == null || ctx.body().length() == 0 ? null : ctx.body().asJsonArray();
    } catch (RuntimeException e) {
      parsed = null;
    }
    if (parsed == null) {
      throw ApiException.badRequest("body", "请求体应为章节数组 [{start, title}]。", "The body must be a JSON array of {start, title}.");
    }
    JsonArray items = (JsonArray) parsed;
    if (items.size() > MAX_CHAPTERS) {
      throw ApiException.invalid("chapters", "章节最多 " + MAX_CHAPTERS + " 个。", "At most " + MAX_CHAPTERS + " chapters.");
    }
    return items;
  }

  /** Seconds from the start of the recording. */
  private static double start(JsonObject item) {
    Object raw = item.getValue("start");
    if (!(raw instanceof Number n)) {
      throw ApiException.badRequest("start", "start 应为秒数。", "start must be a number of seconds.");
    }
    if (n.doubleValue() < 0 || n.doubleValue() > 86_400) {
      throw ApiException.invalid("start", "start 应在 0 到 86400 秒之间。", "start must be between 0 and 86400 seconds.");
    }
    return n.doubleValue();
  }

  private void chaptersJson(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "episode");
    cached(ctx, id, () -> chapters.of(id).map(list -> Encoded.of(list.json().encode(), Chapters.JSON_TYPE)));
  }

  private void chaptersVtt(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "episode");
    cached(ctx, id, () -> chapters.of(id).map(list -> Encoded.of(list.vtt(), "text/vtt; charset=utf-8")));
  }

  /** Cached in the episode's room group: a transcript, chapter or recording change there drops it. */
  private void cached(RoutingContext ctx, long id, java.util.function.Supplier<Future<Encoded>> load) {
    Access.roomOfEpisode(pool, id)
      .compose(room -> cache.get(String.valueOf(room), ctx.request().uri(), load))
      .onSuccess(encoded -> encoded.send(ctx))
      .onFailure(ctx::fail);
  }

  /** Locks the episode and checks that {@code user} may change it; gives its room. */
  static Future<Long> episodeFor(SqlConnection conn, User user, long id) {
    return Access.episode(conn, user, id, true);
  }
}
