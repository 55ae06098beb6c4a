package lianxin.support;

/**
 * Waits for the shared node's search indexer through its queue, without asking the API (search answers are cached,
 * an early empty one too).
 */
public final class Indexed {

  private Indexed() {
  }

  /** Until every queued episode is indexed. */
  public static void await() {
    until("SELECT count(*) FROM search_queue", null, "the search queue did not drain within 30 s");
  }

  /** Until this episode is indexed. */
  public static void await(long episodeId) {
    until("SELECT count(*) FROM search_queue WHERE episode_id = ?", episodeId,
      "episode " + episodeId + " was not indexed within 30 s");
  }

  private static void until(String sql, Long episodeId, String failure) {
    for (int i = 0; i < 600; i++) {
      try (var c = TestDb.jdbc(TestDb.url()); var st = c.prepareStatement(sql)) {
        if (episodeId != null) {
          st.setLong(1, episodeId);
        }
        try (var rs = st.executeQuery()) {
          rs.next();
          if (rs.getLong(1) == 0) {
            return;
          }
        }
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e);
      }
      Node.sleep(50);
    }
    throw new AssertionError(failure);
  }
}
