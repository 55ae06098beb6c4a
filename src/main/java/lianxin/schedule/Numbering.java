package lianxin.schedule;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * Episode numbers (第N期): gapless per room among non-cancelled episodes in order of start, after the room's
 * offset. Aired numbers are fixed when the episode goes live; scheduled ones follow them.
 */
public final class Numbering {

  private Numbering() {
  }

  /** Call inside the transaction that changed the room's schedule (or its offset). */
  public static Future<Void> renumber(SqlConnection conn, long roomId) {
    return conn.preparedQuery(EpisodeSql.RENUMBER).execute(Tuple.of(roomId)).mapEmpty();
  }
}
