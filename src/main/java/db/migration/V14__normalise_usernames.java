package db.migration;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import lianxin.auth.Usernames;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Usernames are stored in their one form ({@link Usernames#normalize}) and found by equality, no longer by
 * PostgreSQL's lower(), which folds some letters (Turkish İ) differently from Java. In Java because SQL cannot
 * reproduce Java's locale-independent lower case.
 *
 * <p>Two existing names with the same form: the oldest account (created_at, then id) keeps it, each other one is
 * renamed to the form plus {@code ~<id>} (shortened to fit 64 characters) and named on the console; the audit log
 * keeps the old name (the users trigger logs the update).
 */
public class V14__normalise_usernames extends BaseJavaMigration {

  @Override
  public void migrate(Context context) throws Exception {
    var db = context.getConnection();
    try (Statement s = db.createStatement()) {
      // The old index is on lower(username): renames in any order could trip it midway.
      s.execute("DROP INDEX users_username");
    }
    Set<String> taken = new HashSet<>();
    try (Statement s = db.createStatement();
         ResultSet rows = s.executeQuery("SELECT id, username FROM users ORDER BY created_at, id");
         PreparedStatement rename = db.prepareStatement("UPDATE users SET username = ? WHERE id = ?")) {
      while (rows.next()) {
        long id = rows.getLong("id");
        String old = rows.getString("username");
        String form = fit(Usernames.normalize(old), "");
        if (!taken.add(form)) {
          String suffix = "~" + id;
          for (int n = 2; !taken.add(form = fit(Usernames.normalize(old), suffix)); n++) {
            suffix = "~" + id + "-" + n;
          }
          System.out.println("lianxin: account " + id + " \"" + old + "\" is now \"" + form
            + "\": an older account has the same username once case and width are folded");
        }
        if (!form.equals(old)) {
          rename.setString(1, form);
          rename.setLong(2, id);
          rename.executeUpdate();
        }
      }
    }
    try (Statement s = db.createStatement()) {
      s.execute("CREATE UNIQUE INDEX users_username ON users (username)");
      s.execute("ALTER TABLE users ADD CONSTRAINT users_username_nfkc CHECK (username IS NFKC NORMALIZED)");
    }
  }

  /** The form with the suffix, cut (by code point) to the column's 64 characters. */
  private static String fit(String form, String suffix) {
    int room = Usernames.MAX_LENGTH - suffix.length();
    if (form.codePointCount(0, form.length()) > room) {
      form = form.substring(0, form.offsetByCodePoints(0, room));
    }
    return form + suffix;
  }
}
