package lianxin.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import lianxin.StartupException;

/** The embedded default: a real PostgreSQL in DATA_DIR/pg, kept between runs. */
public final class EmbeddedDatabase implements AutoCloseable {

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static EmbeddedDatabase start(Path dir) {
    try {
      EmbeddedPostgres postgres = EmbeddedPostgres.builder()
        .setDataDirectory(dir)
        .setCleanDataDirectory(false)
        // Chinese search needs a UTF-8 ctype: pg_trgm makes no trigrams of CJK text under ctype C.
        .setLocaleConfig("encoding", "UTF8")
        .setLocaleConfig("locale", "C.UTF-8")
        .setServerConfig("listen_addresses", "localhost")
        .setServerConfig("max_connections", "100")
        .start();
      return new EmbeddedDatabase(postgres);
    } catch (IOException | RuntimeException e) {
      throw new StartupException("embedded PostgreSQL did not start in " + dir + ": " + rootMessage(e), e);
    }
  }

  public String url() {
    return "postgresql://postgres:postgres@localhost:" + postgres.getPort() + "/postgres";
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new IllegalStateException("embedded PostgreSQL did not stop cleanly", e);
    }
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }
}
