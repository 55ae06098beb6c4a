package lianxin.metrics;

import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import lianxin.http.ApiException;

/** Calendar days in query parameters ({@code from}, {@code to}): a room's local day, as in the schedule. */
public final class Days {

  private Days() {
  }

  /** The day in query parameter {@code name}, or null when absent; anything but YYYY-MM-DD is a 400. */
  public static LocalDate param(RoutingContext ctx, String name) {
    String raw = ctx.queryParams().get(name);
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(raw.strip());
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(name, name + " 应为日期，如 2024-09-01。" + name + " must be a date such as 2024-09-01.");
    }
  }

  /** Refuses a period that ends before it starts, naming {@code to}. */
  public static void ordered(LocalDate from, LocalDate to) {
    if (from != null && to != null && to.isBefore(from)) {
      throw ApiException.invalid("to", "to 不能早于 from。to must not be before from.");
    }
  }
}
