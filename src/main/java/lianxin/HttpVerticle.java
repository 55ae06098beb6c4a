package lianxin;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import lianxin.archive.Archive;
import lianxin.auth.Access;
import lianxin.auth.AuditRoutes;
import lianxin.auth.Authenticator;
import lianxin.auth.Bootstrap;
import lianxin.auth.SessionRoutes;
import lianxin.auth.TokenRoutes;
import lianxin.auth.UserRoutes;
import lianxin.cache.ChangeListener;
import lianxin.cache.ResponseCache;
import lianxin.calendar.CalendarRoutes;
import lianxin.db.Databases;
import lianxin.demo.DemoData;
import lianxin.http.Failures;
import lianxin.http.SecurityHeaders;
import lianxin.metrics.FollowerRoutes;
import lianxin.metrics.MetricRoutes;
import lianxin.metrics.PlayRoutes;
import lianxin.org.OrgRoutes;
import lianxin.people.PeopleRoutes;
import lianxin.room.RoomRoutes;
import lianxin.schedule.EpisodeRoutes;
import lianxin.search.Indexer;
import lianxin.search.PodcastRoutes;
import lianxin.search.SearchRoutes;
import lianxin.search.TranscriptRoutes;
import lianxin.stats.OverviewRoutes;
import lianxin.stats.Rollup;
import lianxin.system.SystemRoutes;
import lianxin.web.WebRoutes;

/** The HTTP API and the static front-end of one node. */
final class HttpVerticle extends VerticleBase {

  /** JSON bodies of this API are small; anything larger is refused before it is read whole. */
  private static final long JSON_BODY_LIMIT = 1024 * 1024;

  private final Config config;
  private final PgConnectOptions db;
  private Pool pool;
  private ChangeListener changes;
  private Archive archive;
  private Indexer indexer;
  private HttpServer server;

  HttpVerticle(Config config, PgConnectOptions db) {
    this.config = config;
    this.db = db;
  }

  @Override
  public Future<?> start() {
    pool = Databases.pool(vertx, db, 16);
    ResponseCache cache = new ResponseCache(context, 20_000, Duration.ofSeconds(30));
    changes = new ChangeListener(vertx, db, cache);
    indexer = new Indexer(vertx, pool, db);
    archive = new Archive(vertx, pool, db, config);

    Router router = Router.router(vertx);
    router.route().handler(SecurityHeaders::add);
    router.route("/api/*").handler(new Authenticator(pool));
    router.route("/api/*").handler(Access.signedInForWrites());
    // Recording uploads stream to disk, so they come before the JSON body handler and its 1 MiB limit.
    archive.mountUploads(router);
    MetricRoutes.mountImportBody(router);
    TranscriptRoutes transcripts = new TranscriptRoutes(vertx, pool, cache, config.mediaDir());
    transcripts.mountUploadBody(router);
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(JSON_BODY_LIMIT));
    SystemRoutes system = new SystemRoutes(pool);
    system.mount(router);
    new OrgRoutes(pool, cache).mount(router);
    new RoomRoutes(pool, cache, archive.allow()).mount(router);
    new PeopleRoutes(pool).mount(router);
    new EpisodeRoutes(pool, cache).mount(router);
    new CalendarRoutes(pool, cache).mount(router);
    new SessionRoutes(vertx, pool).mount(router);
    new UserRoutes(vertx, pool).mount(router);
    new TokenRoutes(pool).mount(router);
    new AuditRoutes(pool).mount(router);
    archive.mount(router);
    new FollowerRoutes(pool, cache).mount(router);
    new MetricRoutes(pool, cache).mount(router);
    new PlayRoutes(vertx, pool).mount(router);
    new OverviewRoutes(pool, cache).mount(router);
    new SearchRoutes(pool, cache).mount(router);
    transcripts.mount(router);
    new PodcastRoutes(vertx, pool, cache, config.mediaDir()).mount(router);
    new Rollup(vertx, pool);
    router.route("/api/*").failureHandler(Failures::handle);
    router.route("/api/*").handler(ctx -> ctx.fail(404));
    new WebRoutes(config.webDir()).mount(router);
    system.documentRoutes(router);

    return Bootstrap.admin(vertx, pool, config.adminPassword())
      .compose(v -> DemoData.loadIfWanted(config, pool))
      .compose(v -> changes.start())
      .compose(v -> archive.start())
      .compose(v -> indexer.start())
      .compose(v -> vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true))
        .requestHandler(router)
        .listen(config.port()))
      .onSuccess(s -> server = s);
  }

  int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> stop() {
    // Graceful: stop accepting, let requests in flight finish (their writes commit), then close.
    Future<Void> http = server == null ? Future.succeededFuture() : server.shutdown(10, java.util.concurrent.TimeUnit.SECONDS);
    return http.compose(v -> indexer.stop()).compose(v -> archive.stop()).compose(v -> changes.stop()).compose(v -> pool.close());
  }
}
