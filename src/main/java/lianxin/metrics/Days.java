package lianxin.metrics;

import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import lianxin.http.ApiException;
import lianxin.http.Fields;

/** Calendar days in query parameters ({@code from}, {@code to}): a room's local day, as in the schedule. */
public final class Days {

  private Days() {
  }

  /** The day in query parameter {@code name}, or null when absent; anything but YYYY-MM-DD is a 400, a day outside the window a 422. */
  public static LocalDate param(RoutingContext ctx, String name) {
    String raw = ctx.queryParams().get(name);
    if (raw == null || raw.isBlank()) {
      return null;
    }
    return Fields.parseDate(name, raw);
  }

  /** Refuses a period that ends before it starts, naming {@code to}. */
  public static void ordered(LocalDate from, LocalDate to) {
    if (from != null && to != null && to.isBefore(from)) {
      throw ApiException.invalid("to", "to 不能早于 from。", "to must not be before from.");
    }
  }
}
