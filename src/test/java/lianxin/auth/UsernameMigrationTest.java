package lianxin.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import lianxin.support.TestDb;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** V14 stores every username in its one form; of names that fold together, the oldest keeps it. */
class UsernameMigrationTest {

  @Test
  void existingUsernamesAreFoldedAndCollisionsRenamed() throws Exception {
    String url = TestDb.fresh("usernames");
    String jdbc = "jdbc:postgresql://" + url.substring(url.indexOf('@') + 1);
    String[] credentials = java.net.URI.create(url).getUserInfo().split(":", 2);
    Flyway.configure().dataSource(jdbc, credentials[0], credentials[1]).locations("classpath:db/migration").target("13").load().migrate();
    try (Connection c = TestDb.jdbc(url)) {
      c.createStatement().execute("""
        INSERT INTO users (username, password_hash, role, created_at) VALUES
          ('Zhang', 'x', 'host', now() - interval '2 days'),
          ('ＺＨＡＮＧ２', 'x', 'host', now() - interval '1 day'),
          ('zhang2', 'x', 'host', now() - interval '3 days'),
          ('Admin2İ', 'x', 'host', now())""");
    }
    Flyway.configure().dataSource(jdbc, credentials[0], credentials[1]).locations("classpath:db/migration").outOfOrder(true).load().migrate();
    try (Connection c = TestDb.jdbc(url)) {
      assertEquals("zhang", TestDb.one(c, "SELECT username FROM users WHERE password_hash = 'x' ORDER BY id LIMIT 1"));
      String wide = TestDb.one(c, "SELECT id FROM users WHERE password_hash = 'x' ORDER BY id OFFSET 1 LIMIT 1");
      assertEquals("zhang2~" + wide, TestDb.one(c, "SELECT username FROM users WHERE id = " + wide), "the younger one is renamed");
      assertEquals("1", TestDb.one(c, "SELECT count(*) FROM users WHERE username = 'zhang2'"), "the oldest keeps the name");
      assertEquals("1", TestDb.one(c, "SELECT count(*) FROM users WHERE username = 'admin2i' || chr(775)"));
    }
  }
}
