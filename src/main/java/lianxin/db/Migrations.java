package lianxin.db;

import io.vertx.pgclient.PgConnectOptions;
import lianxin.StartupException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/** Versioned schema changes, applied once at start-up over JDBC (the request path stays reactive). */
public final class Migrations {

  private Migrations() {
  }

  public static int apply(PgConnectOptions db) {
    String jdbc = "jdbc:postgresql://" + db.getHost() + ":" + db.getPort() + "/" + db.getDatabase();
    try {
      return Flyway.configure()
        .dataSource(jdbc, db.getUser(), db.getPassword())
        .locations("classpath:db/migration")
        // Features land in parallel with reserved numbers (V3 metrics arrived after V4 archive): a database that
        // already has a later version still gets the earlier one instead of refusing to start.
        .outOfOrder(true)
        .load()
        .migrate()
        .migrationsExecuted;
    } catch (FlywayException e) {
      String where = db.getHost() + ":" + db.getPort() + "/" + db.getDatabase();
      String why = EmbeddedDatabase.rootMessage(e);
      if (why.contains("Connection refused") || why.contains("UnknownHost") || why.contains("timed out")) {
        throw new StartupException("cannot reach the database at " + where + " (DATABASE_URL): " + why, e);
      }
      if (why.contains("authentication") || why.contains("does not exist")) {
        throw new StartupException("the database at " + where + " refused user " + db.getUser() + ": " + why, e);
      }
      throw new StartupException("database migration failed on " + where + ": " + why, e);
    }
  }
}
