package lianxin.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.net.ServerSocket;
import lianxin.db.Databases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A database that cannot be reached is a 503 with the reason, from the exceptions a real pool fails with. */
@ExtendWith(VertxExtension.class)
class FailuresTest {

  @Test
  void nothingListeningIsConnectionRefused(Vertx vertx) throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    assertUnavailable("connection refused", failure(pool(vertx, port)));
  }

  @Test
  void aServerThatHangsUpIsConnectionLost(Vertx vertx) {
    NetServer hangsUp = vertx.createNetServer().connectHandler(socket -> socket.close());
    hangsUp.listen(0, "127.0.0.1").await();
    assertUnavailable("connection lost", failure(pool(vertx, hangsUp.actualPort())));
  }

  @Test
  void noFreeConnectionInTimeIsATimeout(Vertx vertx) {
    NetServer neverAnswers = vertx.createNetServer().connectHandler(socket -> { });
    neverAnswers.listen(0, "127.0.0.1").await();
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1).setConnectionTimeout(1))
      .connectingTo(Databases.options(url(neverAnswers.actualPort()))).using(vertx).build();
    assertUnavailable("timed out waiting for a database connection", failure(pool.query("SELECT 1").execute()));
  }

  @Test
  void otherFailuresStayInternal() {
    assertEquals(500, Failures.translate(new IllegalStateException("a bug"), -1).status());
    assertEquals(500, Failures.translate(new io.vertx.core.VertxException("something else"), -1).status());
  }

  private static void assertUnavailable(String reason, Throwable failure) {
    ApiException e = Failures.translate(failure, -1);
    assertEquals(503, e.status(), failure.toString());
    assertEquals("database", e.error());
    assertEquals(reason, e.details().getString("reason"));
    assertTrue(e.text().zh().startsWith("数据库暂时不可用") && !e.text().zh().contains("database"), e.text().zh());
    assertTrue(e.text().en().startsWith("The database is unavailable (" + reason + ")"), e.text().en());
  }

  private static String url(int port) {
    return "postgresql://lianxin:secret@127.0.0.1:" + port + "/lianxin";
  }

  private static Future<?> pool(Vertx vertx, int port) {
    return Databases.pool(vertx, Databases.options(url(port)), 1).query("SELECT 1").execute();
  }

  private static Throwable failure(Future<?> query) {
    try {
      query.await();
    } catch (Throwable t) {
      return t;
    }
    throw new AssertionError("the query succeeded");
  }
}
