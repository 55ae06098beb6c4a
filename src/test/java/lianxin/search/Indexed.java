package lianxin.search;

import lianxin.support.Node;
import lianxin.support.TestDb;

/** Waits until the shared node's indexer has caught up with every queued episode. */
final class Indexed {

  private Indexed() {
  }

  static void await() {
    for (int i = 0; i < 600; i++) {
      try (var c = TestDb.jdbc(TestDb.url()); var rs = c.createStatement().executeQuery("SELECT count(*) FROM search_queue")) {
        rs.next();
        if (rs.getLong(1) == 0) {
          return;
        }
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e);
      }
      Node.sleep(50);
    }
    throw new AssertionError("the search queue did not drain within 30 s");
  }
}
