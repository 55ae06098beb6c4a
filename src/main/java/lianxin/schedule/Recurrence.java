package lianxin.schedule;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoField;
import java.time.temporal.Temporal;
import java.util.List;
import lianxin.http.ApiException;
import lianxin.http.Text;
import lianxin.http.Fields;
import net.fortuna.ical4j.model.Recur;
import net.fortuna.ical4j.transform.recurrence.Frequency;

/**
 * Expands RFC 5545 recurrence rules into show start times.
 *
 * <p>ical4j only ever sees floating {@link LocalDateTime}s: its zoned arithmetic has DST bugs (#716, #746, #754)
 * and it compares local candidates with a UTC or date UNTIL through the JVM default zone (and a date UNTIL as
 * midnight, which would drop the last day). So UNTIL is taken out of the rule and applied here as a local bound.
 */
public final class Recurrence {

  public static final int MAX_OCCURRENCES = 366;

  private Recurrence() {
  }

  /**
   * Expands an RRULE in the room's zone. {@code firstStart} counts only when it matches the rule; results are
   * ascending and never before it. A wall time in a spring-forward gap moves forward by the gap (02:30 becomes
   * 03:30); one in the autumn overlap takes the earlier (summer) offset, i.e. the first of the two 01:30s.
   */
  public static List<ZonedDateTime> expand(String rrule, LocalDateTime firstStart, ZoneId zone) {
    Recur<LocalDateTime> recur = parse(rrule);
    Frequency freq = recur.getFrequency();
    if (freq == Frequency.SECONDLY || freq == Frequency.MINUTELY || freq == Frequency.HOURLY) {
      throw invalid(Text.of("重复规则最多每天一次，不支持 " + freq + "。", "The rule cannot repeat " + freq + "; daily is the most frequent."));
    }
    // getUntil() is declared T but holds whatever UNTIL parsed to: LocalDate, a UTC date-time, or a floating one.
    Temporal until = recur.getUntil();
    boolean hasCount = recur.getCount() != -1;
    if (!hasCount && until == null) {
      throw invalid(Text.of("重复规则需要 COUNT 或 UNTIL。", "The rule needs COUNT or UNTIL."));
    }
    if (hasCount && until != null) {
      throw invalid(Text.of("重复规则不能同时有 COUNT 和 UNTIL。", "The rule cannot have both COUNT and UNTIL."));
    }
    if (hasCount && recur.getCount() > MAX_OCCURRENCES) {
      throw tooMany();
    }
    // Every occurrence keeps to the window every date does (an INTERVAL once put an episode in the year 202030):
    // an UNTIL past it is refused here, a COUNT that runs past it once expanded.
    LocalDateTime periodEnd = LocalDateTime.MAX;
    if (until != null) {
      periodEnd = localUntil(until, zone);
      if (!Fields.plausible(periodEnd.toLocalDate())) {
        throw pastWindow();
      }
      recur = new Recur.Builder<>(recur).until(null).build();
    }
    List<ZonedDateTime> starts;
    try {
      // One more than allowed, so an over-long UNTIL series is caught without expanding all of it.
      starts = recur.getDates(firstStart, firstStart, periodEnd, MAX_OCCURRENCES + 1).stream()
        .map(local -> ZonedDateTime.of(local, zone))
        .distinct() // a gap time and the real time just after it can land on the same instant
        .toList();
    } catch (DateTimeException e) { // an INTERVAL so large the next candidate is past what a date can hold
      throw pastWindow();
    }
    if (starts.isEmpty()) {
      throw invalid(Text.of("重复规则在首次开始之后没有任何场次。", "The rule yields no occurrence from the first start on."));
    }
    if (starts.size() > MAX_OCCURRENCES) {
      throw tooMany();
    }
    if (!Fields.plausible(starts.get(starts.size() - 1).toLocalDate())) {
      throw pastWindow();
    }
    return starts;
  }

  private static Recur<LocalDateTime> parse(String rrule) {
    String rule = rrule == null ? "" : rrule.strip();
    if (rule.regionMatches(true, 0, "RRULE:", 0, 6)) {
      rule = rule.substring(6);
    }
    Recur<LocalDateTime> recur;
    try {
      // false: reject unknown parts instead of keeping them as "experimental" values (the relaxed default).
      recur = new Recur<>(rule, false);
    } catch (RuntimeException e) { // IllegalArgumentException, DateTimeParseException, NumberFormatException
      throw malformed();
    }
    // ical4j accepts COUNT=0 (meaning unbounded) and non-positive INTERVAL; RFC 5545 does not.
    if (recur.getCount() == 0 || recur.getCount() < -1 || recur.getInterval() == 0 || recur.getInterval() < -1) {
      throw malformed();
    }
    return recur;
  }

  /** UNTIL is inclusive: a date covers its whole day, a UTC time is read on the room's clock. */
  private static LocalDateTime localUntil(Temporal until, ZoneId zone) {
    try {
      if (until instanceof LocalDate date) {
        return date.atTime(LocalTime.MAX);
      }
      if (until.isSupported(ChronoField.INSTANT_SECONDS)) {
        return Instant.from(until).atZone(zone).toLocalDateTime();
      }
      return LocalDateTime.from(until); // floating: already the room's wall time
    } catch (DateTimeException e) {
      throw malformed();
    }
  }

  private static ApiException malformed() {
    return invalid(Text.of("重复规则无效，应如 FREQ=WEEKLY;BYDAY=WE;COUNT=10。", "The rule is not a valid RRULE such as FREQ=WEEKLY;BYDAY=WE;COUNT=10."));
  }

  private static ApiException tooMany() {
    return invalid(Text.of("重复规则最多 " + MAX_OCCURRENCES + " 场。", "The rule yields more than " + MAX_OCCURRENCES + " occurrences."));
  }

  private static ApiException pastWindow() {
    return invalid(Text.of("重复规则的每一场都须在 " + Fields.EARLIEST + " 到 " + Fields.latest() + " 之间。", "Every occurrence must be from " + Fields.EARLIEST + " to " + Fields.latest() + "."));
  }

  private static ApiException invalid(Text message) {
    return ApiException.invalid("rrule", message);
  }
}
