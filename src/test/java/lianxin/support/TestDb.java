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
}
