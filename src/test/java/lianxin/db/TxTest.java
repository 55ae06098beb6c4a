package lianxin.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.atomic.AtomicInteger;
import lianxin.support.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two writes that take the same rows in opposite orders deadlock; PostgreSQL ends one of them (40P01). Clients must
 * never see that: the ended one runs again and both writes succeed.
 */
@ExtendWith(VertxExtension.class)
class TxTest {

  @Test
  void aWriteEndedToBreakADeadlockRunsAgainAndBothSucceed(Vertx vertx) throws Exception {
    Pool pool = Databases.pool(vertx, Databases.options(TestDb.url()), 4);
    String table = "tx_deadlock_" + System.nanoTime();
    pool.query("CREATE TABLE " + table + " (id int PRIMARY KEY, n int NOT NULL); INSERT INTO " + table + " VALUES (1, 0), (2, 0)")
      .execute().await();
    Promise<Void> firstHoldsOne = Promise.promise();
    Promise<Void> secondHoldsTwo = Promise.promise();
    AtomicInteger runs = new AtomicInteger();
    Future<Void> first = Tx.as(pool, null, conn -> {
      runs.incrementAndGet();
      return conn.query("UPDATE " + table + " SET n = n + 1 WHERE id = 1").execute()
        .compose(r -> {
          firstHoldsOne.tryComplete();
          return secondHoldsTwo.future();
        })
        .compose(v -> conn.query("UPDATE " + table + " SET n = n + 1 WHERE id = 2").execute()).mapEmpty();
    });
    Future<Void> second = Tx.as(pool, null, conn -> {
      runs.incrementAndGet();
      return conn.query("UPDATE " + table + " SET n = n + 1 WHERE id = 2").execute()
        .compose(r -> {
          secondHoldsTwo.tryComplete();
          return firstHoldsOne.future();
        })
        .compose(v -> conn.query("UPDATE " + table + " SET n = n + 1 WHERE id = 1").execute()).mapEmpty();
    });
    Future.all(first, second).await();
    assertEquals(3, runs.get(), "one of the two ran again");
    assertEquals("2", TestDb.one(TestDb.jdbc(TestDb.url()), "SELECT n FROM " + table + " WHERE id = 1"));
    assertEquals("2", TestDb.one(TestDb.jdbc(TestDb.url()), "SELECT n FROM " + table + " WHERE id = 2"));
    pool.close().await();
  }
}
