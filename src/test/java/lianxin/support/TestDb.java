package lianxin.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import lianxin.db.EmbeddedDatabase;

/** One real embedded PostgreSQL for the whole test run, in a fresh folder. */
public final class TestDb {

  private static EmbeddedDatabase db;
  private static Path dir;

  private TestDb() {
  }

  public static synchronized String url() {
    if (db == null) {
      try {
        dir = Files.createTempDirectory("lianxin-test-pg");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      db = EmbeddedDatabase.start(dir.resolve("pg"));
      Runtime.getRuntime().addShutdownHook(new Thread(db::close));
    }
    return db.url();
  }

  /**
   * A new empty database in the same PostgreSQL, for tests whose server processes must not share jobs or rows
   * with the shared test node (its job runner would otherwise pick their work up).
   */
  public static String fresh(String prefix) {
    String base = url();
    String name = prefix + "_" + System.nanoTime();
    try (java.sql.Connection c = jdbc(base);
         java.sql.Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name + " ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    return base.substring(0, base.lastIndexOf('/') + 1) + name;
  }

  /** JDBC settings for a {@code postgresql://user:pass@host:port/db} URL, for tests that look at rows directly. */
  public static java.sql.Connection jdbc(String url) throws java.sql.SQLException {
    java.net.URI uri = java.net.URI.create(url);
    String[] credentials = uri.getUserInfo().split(":", 2);
    return java.sql.DriverManager.getConnection("jdbc:postgresql://" + url.substring(url.indexOf('@') + 1), credentials[0], credentials[1]);
  }

  /** The one value a statement gives (a count, a status), as text. */
  public static String one(java.sql.Connection c, String sql) throws java.sql.SQLException {
    try (java.sql.ResultSet rs = c.createStatement().executeQuery(sql)) {
      if (!rs.next()) {
        throw new AssertionError("no row: " + sql);
      }
      return rs.getString(1);
    }
  }
}
