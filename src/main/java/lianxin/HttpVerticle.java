package lianxin;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;
import lianxin.archive.Archive;
import lianxin.auth.Access;
import lianxin.auth.AuditRoutes;
import lianxin.auth.Authenticator;
import lianxin.auth.SessionRoutes;
import lianxin.auth.TokenRoutes;
import lianxin.auth.UserRoutes;
import lianxin.cache.ResponseCache;
import lianxin.calendar.CalendarRoutes;
import lianxin.capture.Capture;
import lianxin.db.Databases;
import lianxin.http.Failures;
import lianxin.http.SecurityHeaders;
import lianxin.live.Live;
import lianxin.media.MediaRoutes;
import lianxin.media.MediaStore;
import lianxin.media.StartFiles;
import lianxin.metrics.FollowerRoutes;
import lianxin.metrics.MetricRoutes;
import lianxin.metrics.PlayRoutes;
import lianxin.net.AllowList;
import lianxin.org.OrgRoutes;
import lianxin.people.PeopleRoutes;
import lianxin.question.QuestionRoutes;
import lianxin.relay.Relays;
import lianxin.room.RoomRoutes;
import lianxin.schedule.EpisodeRoutes;
import lianxin.search.PodcastRoutes;
import lianxin.search.SearchRoutes;
import lianxin.search.TranscriptRoutes;
import lianxin.stats.OverviewRoutes;
import lianxin.system.SystemRoutes;
import lianxin.web.WebRoutes;

/**
 * One of a node's HTTP verticles: the HTTP API and the static front-end on its own event loop, over the node's
 * shared parts ({@link NodeVerticle}). Each feature mounts its own routes, each route with its own body limit
 * ({@code http.Bodies}); only the shared front (security headers, which node answered, who is asking, writes need a
 * user) comes before them, and the failure handler and the 404 after.
 */
final class HttpVerticle extends VerticleBase {

  /** Response header naming the node that answered, so a person behind a load balancer can see the balancing. */
  static final String NODE_HEADER = "X-Lianxin-Node";

  /**
   * PostgreSQL connections for all of a node's HTTP verticles together, each verticle holding its share (at least 4)
   * on its own event loop: a query answered on the loop that asked costs no hand-over between threads, which took a
   * quarter of a one-query read's throughput when the verticles shared the node's pool.
   */
  static final int POOLS_TOTAL = 16;

  /** The node's parts every HTTP verticle shares (all safe to use from any event loop). */
  record Parts(Config config, PgConnectOptions db, ResponseCache cache, AllowList allow, MediaStore store,
               Archive archive, Capture capture, Live live, PlayRoutes plays, Relays relays, QuestionRoutes questions,
               String node) {
  }

  private final Parts parts;
  private final int port;
  private Pool pool;
  private HttpServer server;

  HttpVerticle(Parts parts, int port) {
    this.parts = parts;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    Config config = parts.config();
    pool = Databases.pool(vertx, parts.db(), poolSize(config.node().httpInstances()), 0);
    ResponseCache cache = parts.cache();
    Router router = Router.router(vertx);
    router.route().handler(SecurityHeaders.with(parts.store().redirectOrigin(), NODE_HEADER, parts.node()));
    router.route("/api/*").handler(new Authenticator(pool));
    router.route("/api/*").handler(Access.signedInForWrites());
    SystemRoutes system = new SystemRoutes(pool);
    system.mount(router);
    new OrgRoutes(pool, cache).mount(router);
    new RoomRoutes(pool, cache, parts.allow()).mount(router);
    new PeopleRoutes(pool).mount(router);
    new EpisodeRoutes(pool, cache, config.captureGrace()).mount(router);
    new CalendarRoutes(pool, cache).mount(router);
    new SessionRoutes(vertx, pool).mount(router);
    new UserRoutes(vertx, pool).mount(router);
    new TokenRoutes(pool).mount(router);
    new AuditRoutes(pool).mount(router);
    parts.archive().mount(router);
    parts.capture().mount(router);
    parts.live().mount(router);
    parts.relays().mount(router);
    new FollowerRoutes(pool, cache).mount(router);
    new MetricRoutes(pool, cache).mount(router);
    parts.plays().mount(router);
    new OverviewRoutes(pool, cache).mount(router);
    new SearchRoutes(pool, cache).mount(router);
    new TranscriptRoutes(vertx, pool, cache, parts.store()).mount(router);
    new PodcastRoutes(vertx, pool, cache, parts.store()).mount(router);
    parts.questions().mount(router);
    router.route("/api/*").failureHandler(Failures::handle);
    router.route("/api/*").handler(ctx -> ctx.fail(404));
    new MediaRoutes(vertx, parts.store()).mount(router);
    new WebRoutes(config.webDir(), vertx, pool, new StartFiles(parts.store())).mount(router);
    system.documentRoutes(router);

    return vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true))
      .requestHandler(router)
      .listen(port)
      .onSuccess(s -> server = s);
  }

  int actualPort() {
    return server.actualPort();
  }

  static int poolSize(int instances) {
    return Math.max(4, (POOLS_TOTAL + instances - 1) / instances);
  }

  /** Graceful: stop accepting and let requests in flight finish (their writes commit) before the node's workers stop. */
  @Override
  public Future<?> stop() {
    Future<Void> shut = server == null ? Future.succeededFuture() : server.shutdown(10, TimeUnit.SECONDS);
    return shut.eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
  }
}
