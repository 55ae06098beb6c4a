package lianxin.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import lianxin.support.Slow;
import lianxin.support.TestDb;
import org.junit.jupiter.api.Test;

/**
 * Only the server can use its embedded PostgreSQL: no other local user connects without the password kept in
 * DATA_DIR (0600), there is no socket, and a data folder from before (which trusted every local connection) is
 * switched over at its next start.
 */
@Slow
class EmbeddedDatabaseTest {

  @Test
  void aNewDataFolderAsksForItsGeneratedPassword() throws Exception {
    Path data = Files.createTempDirectory("lianxin-embedded");
    try (EmbeddedDatabase db = EmbeddedDatabase.start(data.resolve("pg"))) {
      assertOnlyThePasswordGetsIn(db, data);
    }
  }

  @Test
  void aDataFolderThatTrustedEveryoneIsSwitchedOverAtItsNextStart() throws Exception {
    Path data = Files.createTempDirectory("lianxin-embedded-old");
    // A folder as earlier versions left it: initdb's trust for every local connection.
    try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(data.resolve("pg")).setCleanDataDirectory(false).start()) {
      try (Connection c = DriverManager.getConnection(old.getJdbcUrl("postgres", "postgres"), "postgres", "anything")) {
        assertEquals(1, c.createStatement().executeQuery("SELECT 1").next() ? 1 : 0, "trusted before");
      }
    }
    try (EmbeddedDatabase db = EmbeddedDatabase.start(data.resolve("pg"))) {
      assertOnlyThePasswordGetsIn(db, data);
    }
    // And it stays so from then on.
    try (EmbeddedDatabase db = EmbeddedDatabase.start(data.resolve("pg"))) {
      assertOnlyThePasswordGetsIn(db, data);
    }
  }

  private static void assertOnlyThePasswordGetsIn(EmbeddedDatabase db, Path data) throws Exception {
    Path file = data.resolve("pg.password");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    String hba = Files.readString(data.resolve("pg/pg_hba.conf"));
    assertFalse(hba.lines().anyMatch(l -> !l.startsWith("#") && l.contains("trust")), hba);
    try (Connection c = TestDb.jdbc(db.url())) {
      assertEquals("", TestDb.one(c, "SHOW unix_socket_directories"));
    }
    String jdbc = "jdbc:postgresql://" + db.url().substring(db.url().indexOf('@') + 1);
    for (String guess : new String[] {"postgres", "trust"}) {
      SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(jdbc, "postgres", guess).close());
      assertEquals("28P01", refused.getSQLState(), refused.getMessage());
    }
  }
}
