package lianxin.db;

import io.vertx.pgclient.PgConnectOptions;
import java.lang.management.ManagementFactory;
import org.postgresql.ds.PGSimpleDataSource;

/** What the job library (db-scheduler, JDBC, off the request path) needs to share the reactive pool's database. */
public final class JobDatabase {

  private JobDatabase() {
  }

  /** JDBC to the same database as the pool, straight to PostgreSQL (see {@link DirectSockets}). */
  public static PGSimpleDataSource dataSource(PgConnectOptions db) {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setServerNames(new String[] {db.getHost()});
    source.setPortNumbers(new int[] {db.getPort()});
    source.setDatabaseName(db.getDatabase());
    source.setUser(db.getUser());
    source.setPassword(db.getPassword());
    source.setSocketFactory(DirectSockets.class.getName());
    return source;
  }

  /** This process, as schedulers name their claims on jobs. */
  public static String node() {
    return ManagementFactory.getRuntimeMXBean().getName();
  }
}
