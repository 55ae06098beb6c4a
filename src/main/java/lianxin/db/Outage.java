package lianxin.db;

import io.vertx.core.VertxException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;

/**
 * Why the pool could not reach PostgreSQL, from the exceptions the reactive client fails with when the server is
 * down, restarting or saturated; {@code http.Failures} answers each with 503 and its reason.
 */
public enum Outage {
  /** Nothing listens at the database's address (it is down or restarting). */
  REFUSED("连接被拒绝", "connection refused"),
  /** The connection broke before an answer came (the server stopped or the network dropped it). */
  LOST("连接中断", "connection lost"),
  /** Every connection of the pool stayed busy past the pool's wait timeout. */
  BUSY("等待数据库连接超时", "timed out waiting for a database connection");

  private final String zh;
  private final String en;

  Outage(String zh, String en) {
    this.zh = zh;
    this.en = en;
  }

  public String zh() {
    return zh;
  }

  public String en() {
    return en;
  }

  /** The outage behind {@code failure} or one of its causes; null when it is something else. */
  public static Outage of(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException) { // netty's AnnotatedConnectException and ConnectTimeoutException too
        return REFUSED;
      }
      if (t instanceof ClosedConnectionException) {
        return LOST;
      }
      // The pool fails a waiting request with a bare VertxException; its message is all that tells it apart.
      if (t.getClass() == VertxException.class && t.getMessage() != null && t.getMessage().startsWith("Timeout waiting for connection")) {
        return BUSY;
      }
    }
    return null;
  }
}
