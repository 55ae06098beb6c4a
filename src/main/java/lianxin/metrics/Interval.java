package lianxin.metrics;

import io.vertx.ext.web.RoutingContext;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import lianxin.http.ApiException;

/** Bucket sizes of a follower series (a room's, or the dashboard's trend); weeks start on Monday. */
public enum Interval {
  DAY, WEEK, MONTH;

  /** At most this many buckets in one answer. */
  public static final int MAX_POINTS = 1000;

  /** {@code ?interval=}; {@code fallback} when absent or blank. */
  public static Interval param(RoutingContext ctx, Interval fallback) {
    String raw = ctx.queryParams().get("interval");
    return raw == null || raw.isBlank() ? fallback : parse(raw);
  }

  public static Interval parse(String raw) {
    return switch (raw.strip()) {
      case "day" -> DAY;
      case "week" -> WEEK;
      case "month" -> MONTH;
      default -> throw ApiException.badRequest("interval", "interval 应为 day、week 或 month。", "interval must be day, week or month.");
    };
  }

  /** Days for two months, weeks for a year, months beyond (what fits a phone's width). */
  public static Interval forPeriod(LocalDate from, LocalDate to) {
    long days = ChronoUnit.DAYS.between(from, to);
    return days <= 62 ? DAY : days <= 370 ? WEEK : MONTH;
  }

  /** The first day of the bucket {@code day} is in. */
  public LocalDate align(LocalDate day) {
    return switch (this) {
      case DAY -> day;
      case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTH -> day.withDayOfMonth(1);
    };
  }

  /** The first day of the bucket after the one {@code day} is in. */
  public LocalDate next(LocalDate day) {
    return switch (this) {
      case DAY -> day.plusDays(1);
      case WEEK -> day.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
      case MONTH -> day.withDayOfMonth(1).plusMonths(1);
    };
  }

  /** Where a room's series starts when no {@code from} is given: 30 days, 12 weeks or 12 months back. */
  public LocalDate defaultFrom(LocalDate to) {
    return switch (this) {
      case DAY -> to.minusDays(29);
      case WEEK -> to.minusWeeks(11);
      case MONTH -> to.minusMonths(11);
    };
  }

  /** The first day of each bucket: {@code from}, then each next day, Monday or 1st up to {@code to}. */
  public List<LocalDate> starts(LocalDate from, LocalDate to) {
    List<LocalDate> starts = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(to); d = next(d)) {
      if (starts.size() == MAX_POINTS) {
        throw ApiException.invalid("from", "一次最多 " + MAX_POINTS + " 个点；缩短时段或改用 week/month。",
          "At most " + MAX_POINTS + " points at once; shorten the period or use week or month.");
      }
      starts.add(d);
    }
    return starts;
  }
}
