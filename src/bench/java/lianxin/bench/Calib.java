package lianxin.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * The physical-limit reference for Lianxin's API reads on this machine: a Vert.x 5 server that answers
 * /cached with ready bytes of the given size (what a perfect response cache costs) and, when PG_URL is set,
 * /db with one trivial query (what a health check that touches PostgreSQL costs).
 * Usage: java -cp target/classes:target/lib/* calib.Calib PORT BYTES INSTANCES [PG_URL]
 *
 * <p>Copied unchanged but for its package from the calibration server the scale-out issue (17) measured with, so
 * {@code scripts/bench scale} builds and runs it from a fresh clone; it is 2 KB and ours.
 */
public class Calib extends VerticleBase {
  static Buffer body;
  static String pgUrl;

  @Override
  public Future<?> start() {
    Router r = Router.router(vertx);
    r.get("/cached").handler(ctx -> ctx.response().putHeader("content-type", "application/json").putHeader("etag", "\"x\"").end(body));
    if (pgUrl != null) {
      Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(pgUrl)).with(new PoolOptions().setMaxSize(8)).using(vertx).build();
      r.get("/db").handler(ctx -> pool.query("SELECT version()").execute()
        .onSuccess(rows -> ctx.response().putHeader("content-type", "application/json").end("{\"status\":\"ok\"}"))
        .onFailure(ctx::fail));
    }
    return vertx.createHttpServer().requestHandler(r).listen(Integer.parseInt(System.getProperty("port")));
  }

  public static void main(String[] args) {
    System.setProperty("port", args[0]);
    byte[] b = new byte[Integer.parseInt(args[1])];
    java.util.Arrays.fill(b, (byte) 'a');
    b[0] = '"';
    b[b.length - 1] = '"';
    body = Buffer.buffer(b);
    pgUrl = args.length > 3 ? args[3] : null;
    Vertx.vertx().deployVerticle(Calib.class, new DeploymentOptions().setInstances(Integer.parseInt(args[2])))
      .onSuccess(id -> System.out.println("calib ready on " + args[0]))
      .onFailure(e -> { e.printStackTrace(); System.exit(1); });
  }
}
