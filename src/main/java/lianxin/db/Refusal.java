package lianxin.db;

import io.vertx.pgclient.PgException;
import java.util.Set;

/**
 * What PostgreSQL refused, by SQLSTATE: the one place those codes are read. {@code http.Failures} turns each into
 * its HTTP answer; feature code that can say more (which column name is taken, which line of an import clashed) asks
 * {@link #of} or {@link #matches} and throws its own {@code ApiException}.
 */
public enum Refusal {
  /** A unique constraint: the value is taken. */
  DUPLICATE("23505"),
  /** An exclusion constraint: the time range overlaps another booking. */
  OVERLAP("23P01"),
  /** A foreign key: the row referred to does not exist. */
  MISSING_REFERENCE("23503"),
  /** A CHECK or NOT NULL constraint. */
  BROKEN_RULE("23514", "23502"),
  /** A value PostgreSQL could not read as its type (text for a number, a date out of range). */
  BAD_VALUE("22P02", "22007", "22008", "22003"),
  /** The transaction was ended to break a deadlock or a serialization conflict; running it again can succeed. */
  CONCURRENT("40P01", "40001");

  private final Set<String> states;

  Refusal(String... states) {
    this.states = Set.of(states);
  }

  /** The refusal behind {@code failure}; null when it is not one (another database error, or not the database's). */
  public static Refusal of(Throwable failure) {
    if (failure instanceof PgException pg && pg.getSqlState() != null) {
      for (Refusal r : values()) {
        if (r.states.contains(pg.getSqlState())) {
          return r;
        }
      }
    }
    return null;
  }

  public boolean matches(Throwable failure) {
    return of(failure) == this;
  }

  /** The table of the refused row, as PostgreSQL names it; null when unknown. */
  public static String table(Throwable failure) {
    return failure instanceof PgException pg ? pg.getTable() : null;
  }

  /** The constraint that refused the row; null when unknown. */
  public static String constraint(Throwable failure) {
    return failure instanceof PgException pg ? pg.getConstraint() : null;
  }
}
