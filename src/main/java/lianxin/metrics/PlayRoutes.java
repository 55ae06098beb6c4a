package lianxin.metrics;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import lianxin.http.ApiException;
import lianxin.http.Text;
import lianxin.http.Bodies;
import lianxin.http.Fields;
import lianxin.http.Replies;
import lianxin.system.Worker;

/**
 * Beacons from the archive player: checked, rate-limited, then added to this node's {@link PlayBuffer}, which
 * writes sums every quarter second. Replay figures therefore show up a moment after the beacon's 204.
 * The live player beats on a sibling route with the same session ids and limits; a beat is one statement
 * (unique viewers, peak, watching now all come from the database, whichever node took the beat).
 */
public final class PlayRoutes implements Worker {

  private static final Logger LOG = Logger.getLogger(PlayRoutes.class.getName());
  private static final Pattern SESSION = Pattern.compile("[A-Za-z0-9_-]{8,64}");
  /** A player reports every 15-60 s; five minutes between beacons is the most one may claim. */
  private static final long MAX_WATCHED = 300;
  private static final long MAX_POSITION = 43_200;
  private static final long PRUNE_EVERY_MS = 3_600_000;

  /** What a beacon needs of its episode; {@code zone} null when there is no such episode. */
  private record Episode(long room, String status, OffsetDateTime startsAt, ZoneId zone, int length) {
  }

  private final Vertx vertx;
  private final Pool pool;
  private final Context context;
  private long pruneTimer = -1;
  private final PlayBuffer buffer;
  // Beacons of one episode come by the thousand; its facts are read once a minute per node, not per beacon.
  // A cancellation therefore takes up to a minute to stop them.
  private final AsyncLoadingCache<Long, Episode> episodes;
  // A player beacons every 15 s or so, plus one on pause or seek: ten at once, then one per 5 s.
  private final RateLimiter sessions = new RateLimiter(10, 0.2);
  // One address may be a whole community centre behind NAT (PLAYS_PER_ADDRESS; benchmarks, which send everything
  // from 127.0.0.1, lift it).
  private final RateLimiter addresses;

  // Claimed seconds count only as fast as a wall clock allows (read on the node's context only).
  private final PlayAllowance allowance;

  public PlayRoutes(Vertx vertx, Pool pool, int playsPerAddress, Duration flushEvery, int grace) {
    this.pool = pool;
    this.allowance = new PlayAllowance(grace);
    this.addresses = new RateLimiter(600, playsPerAddress);
    this.context = vertx.getOrCreateContext();
    this.buffer = new PlayBuffer(vertx, pool, flushEvery);
    this.episodes = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofMinutes(1))
      .buildAsync((id, executor) -> pool.preparedQuery(PlaySql.EPISODE).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? new Episode(0, null, null, null, 0) : episode(rows.iterator().next()))
        .toCompletionStage().toCompletableFuture());
    this.vertx = vertx;
  }

  /** Beacons are buffered in memory and written four times a second; past days' session rows are pruned hourly. */
  @Override
  public Future<Void> start() {
    buffer.start();
    pruneTimer = vertx.setPeriodic(PRUNE_EVERY_MS, PRUNE_EVERY_MS, t -> pool.query(PlaySql.PRUNE).execute()
      .onSuccess(rows -> LOG.fine("pruned " + rows.rowCount() + " replay session rows of past days"))
      .onFailure(e -> LOG.warning("pruning replay sessions failed, will retry in an hour: " + e.getMessage())));
    return Future.succeededFuture();
  }

  /** Writes the beacons still held (the HTTP server has stopped taking them by now). */
  @Override
  public Future<Void> stop() {
    vertx.cancelTimer(pruneTimer);
    return buffer.stop();
  }

  public void mount(Router router) {
    Bodies.json(router.post("/api/episodes/:id/plays")).handler(this::play);
    Bodies.json(router.post("/api/episodes/:id/live-plays")).handler(this::livePlay);
  }

  /** A live player's beat, every 30 s while it plays: answers how many watch now. */
  private void livePlay(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "episode");
    String session = session(Fields.body(ctx));
    limit(ctx, addresses, "a:" + ctx.request().remoteAddress().host(), "address",
      Text.of("这个网络地址上报太频繁，请稍后再试。", "Too many beacons from this address; slow down."));
    limit(ctx, sessions, "s:" + session, "session",
      Text.of("这个播放会话上报太频繁，请稍后再试。", "Too many beacons from this player session; slow down."));
    pool.withTransaction(conn -> conn.query(PlaySql.ASYNC_COMMIT).execute()
        .compose(v -> conn.preparedQuery(PlaySql.LIVE_BEAT).execute(Tuple.of(id, session, PlaySql.LIVE_WINDOW_SECONDS))))
      .map(rows -> {
        if (rows.size() == 0) {
          throw ApiException.notFound("episode", id);
        }
        Row row = rows.iterator().next();
        if (!"live".equals(row.getString("status"))) {
          throw ApiException.conflict("节目现在没有在直播，不能计入直播观看。", "The episode is not live now; live viewing is not counted.",
            new JsonObject().put("status", row.getString("status")));
        }
        long watching = row.getLong("watching");
        return new JsonObject().put("watching", watching).put("watchingLabel", Counts.label(watching));
      })
      .onSuccess(body -> {
        ctx.response().putHeader("cache-control", "no-store");
        Replies.ok(ctx, body);
      })
      .onFailure(ctx::fail);
  }

  private static String session(JsonObject body) {
    String session = Fields.text(body, "sessionId", 64);
    if (!SESSION.matcher(session).matches()) {
      throw ApiException.invalid("sessionId", "sessionId 应为 8 到 64 个字母、数字、- 或 _。", "sessionId must be 8-64 letters, digits, - or _.");
    }
    return session;
  }

  private void play(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "episode");
    JsonObject body = Fields.body(ctx);
    String session = session(body);
    int position = bounded(body, "position", MAX_POSITION, "播放位置（秒）", "the playhead in seconds");
    int watched = bounded(body, "watchedSeconds", MAX_WATCHED, "距上次上报观看的秒数", "seconds watched since the previous beacon");
    String address = ctx.request().remoteAddress().host();
    limit(ctx, addresses, "a:" + address, "address",
      Text.of("这个网络地址上报太频繁，请稍后再试。", "Too many beacons from this address; slow down."));
    limit(ctx, sessions, "s:" + session, "session",
      Text.of("这个播放会话上报太频繁，请稍后再试。", "Too many beacons from this player session; slow down."));
    // The allowance and the buffer are the node's, touched on its context only; the answer goes back on the
    // request's own event loop (one of the node's HTTP verticles).
    Future<Episode> counted = Future.fromCompletionStage(episodes.get(id), context)
      .map(episode -> {
        if (buffer.full()) {
          throw new ApiException(503, "busy", "回放统计暂时忙，请稍后再报。", "Replay statistics are busy; send the beacon again later.", null);
        }
        replayable(id, episode);
        LocalDate day = LocalDate.now(episode.zone());
        int credit = allowance.credit(address, id, day, session, watched);
        if (credit >= 0) {
          buffer.add(episode.room(), id, session, day, episode.length(), position, credit);
        }
        return episode;
      });
    Future.fromCompletionStage(counted.toCompletionStage(), ctx.vertx().getOrCreateContext())
      .onSuccess(v -> ctx.response().setStatusCode(204).end())
      .onFailure(ctx::fail);
  }

  private static void replayable(long id, Episode episode) {
    if (episode.zone() == null) {
      throw ApiException.notFound("episode", id);
    }
    if ("cancelled".equals(episode.status())) {
      throw ApiException.conflict("节目已取消，没有回放。", "The episode was cancelled; it has no replay.", new JsonArray());
    }
    boolean aired = "live".equals(episode.status()) || "ended".equals(episode.status());
    if (!aired && episode.startsAt().isAfter(OffsetDateTime.now())) {
      throw ApiException.conflict("节目还没开播，没有回放。", "The episode has not aired yet; it has no replay.", new JsonArray());
    }
  }

  private static Episode episode(Row row) {
    // The completion mark is 90% of the episode; a very short one still needs a minute.
    int length = Math.max(60, row.getNumeric("length").intValue());
    return new Episode(row.getLong("room_id"), row.getString("status"), row.getOffsetDateTime("starts_at"), ZoneId.of(row.getString("timezone")), length);
  }

  private static int bounded(JsonObject body, String field, long max, String zh, String en) {
    long value = Fields.requiredLong(body, field);
    if (value < 0 || value > max) {
      throw ApiException.invalid(field, field + "（" + zh + "）应在 0 到 " + max + " 之间。", field + " (" + en + ") must be from 0 to " + max + ".");
    }
    return (int) value;
  }

  private static void limit(RoutingContext ctx, RateLimiter limiter, String key, String which, Text message) {
    if (!limiter.tryAcquire(key)) {
      ctx.response().putHeader("retry-after", String.valueOf(limiter.retryAfterSeconds()));
      throw new ApiException(429, "too_many_requests", message, new JsonObject().put("limit", which)
        .put("retryAfterSeconds", limiter.retryAfterSeconds()));
    }
  }
}
