package lianxin.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lianxin.db.Databases;
import lianxin.support.Await;
import lianxin.support.Http;
import lianxin.support.Indexed;
import lianxin.support.Search;
import lianxin.support.Seed;
import lianxin.support.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The background indexer and a chapter upload rebuild the same document. Whichever comes second must read the
 * sources after the first committed: an indexer that read them before an upload committed once wrote its older
 * document over the upload's, and the new words were not found.
 */
@ExtendWith(VertxExtension.class)
class IndexRaceTest {

  @Test
  void anIndexerThatStartsDuringAChapterUploadKeepsTheChaptersWords(Vertx vertx) throws Exception {
    Http admin = Http.local(vertx);
    Seed seed = new Seed(admin);
    long room = seed.room(seed.district(), 0, "Asia/Shanghai");
    Http.Reply created = admin.post("/api/rooms/" + room + "/episodes", new JsonObject().put("title", "并发索引测试")
      .put("startsAt", "2031-06-01T10:00:00+08:00").put("endsAt", "2031-06-01T11:00:00+08:00"));
    assertEquals(201, created.status(), created.body());
    long id = created.json().getLong("id");
    Indexed.await();
    Pool pool = Databases.pool(vertx, Databases.options(TestDb.url()), 2);
    try {
      SqlConnection upload = await(pool.getConnection());
      int uploadPid = await(upload.query("SELECT pg_backend_pid()").execute()).iterator().next().getInteger(0);
      Transaction tx = await(upload.begin());
      // The upload has written its chapters and the document, not yet committed.
      await(upload.preparedQuery(SearchSql.INSERT_CHAPTERS).execute(Tuple.of(id, room, new Integer[] {1},
        new Long[] {5000L}, (Object) new String[] {"电梯加装补贴怎么申请"})).compose(v -> Documents.index(upload, List.of(id))));

      // Meanwhile an indexer rebuilds the same episode.
      Promise<Integer> indexer = Promise.promise();
      pool.withTransaction(conn -> Documents.index(conn, List.of(id))).onComplete(indexer);
      Await.until("the indexer waiting on the upload's locks", Duration.ofSeconds(10), () -> blockedBy(uploadPid));
      assertFalse(indexer.future().isComplete(), "the indexer waits for the upload's transaction");

      await(tx.commit());
      upload.close();
      assertEquals(1, await(indexer.future()));
      Http.Reply found = admin.anonymous().get(Search.q("/api/search?roomId=" + room, "电梯加装"));
      assertEquals(List.of(id), Search.ids(found.json()), found.body());
    } finally {
      pool.close();
    }
  }

  /** Whether any backend is waiting for a lock that backend {@code pid} holds. */
  private static boolean blockedBy(int pid) {
    try (var c = TestDb.jdbc(TestDb.url());
         var st = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid))")) {
      st.setInt(1, pid);
      try (var rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
