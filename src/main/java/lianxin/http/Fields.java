package lianxin.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Reads request input; every problem names its field. */
public final class Fields {

  private Fields() {
  }

  /** The JSON object body; a missing, malformed or non-object body is a 400. */
  public static JsonObject body(RoutingContext ctx) {
    if (!ctx.body().available()) {
      // A programming error, not the client's: the route was mounted without Bodies.json.
      throw new IllegalStateException(ctx.request().method() + " " + ctx.currentRoute().getPath() + " reads a body but declares none (Bodies)");
    }
    Object parsed;
    try {
      parsed = ctx.body().buffer() == null || ctx.body().length() == 0 ? null : ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      throw ApiException.badRequest("body", "请求体不是合法的 JSON 对象。", "The request body is not a valid JSON object.");
    }
    if (parsed == null) {
      throw ApiException.badRequest("body", "缺少 JSON 请求体。", "A JSON request body is required.");
    }
    return (JsonObject) parsed;
  }

  /**
   * Refuses a field the route does not take, naming it: a PATCH that answered 200 while ignoring {@code roomId} or
   * {@code status} told the client a change was made that was not.
   */
  public static JsonObject only(JsonObject body, String... allowed) {
    List<String> taken = List.of(allowed);
    for (String field : body.fieldNames()) {
      if (!taken.contains(field)) {
        throw ApiException.invalid(field, field + " 不能在这里修改，可修改的字段：" + String.join("、", taken) + "。",
        field + " cannot be changed here; this route takes " + String.join(", ", taken) + ".");
      }
    }
    return body;
  }

  /** A path id; anything that is not a positive number cannot name a row, so it is a 404. */
  public static long pathId(RoutingContext ctx, String param, String what) {
    String raw = ctx.pathParam(param);
    try {
      long id = Long.parseLong(raw);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException ignored) {
      // falls through to the 404 below
    }
    throw ApiException.notFound(what, raw);
  }

  /**
   * A required single-line text (a title, a name, a username, an account): see {@link #optionalText}.
   * Blank is refused.
   */
  public static String text(JsonObject json, String field, int maxLength) {
    return required(field, optionalText(json, field, maxLength));
  }

  /**
   * Single-line text, stripped: every control character (TAB, LF and CR included, and U+0085), the line and
   * paragraph separators U+2028/2029 and lone surrogates (which PostgreSQL would store as "?") are refused, so a
   * name or a title is one line wherever it is shown: a calendar SUMMARY, a CSV cell, a page heading.
   */
  public static String optionalText(JsonObject json, String field, int maxLength) {
    String value = string(json, field);
    if (value == null) {
      return null;
    }
    if (!isLine(value)) {
      throw ApiException.invalid(field, field + " 只能是一行文字，不能含换行、制表符、控制字符或无效字符。",
        field + " must be one line of text, without line breaks, tabs, control characters or lone surrogates.");
    }
    return limited(field, value, maxLength).strip();
  }

  /** A required multi-line text: see {@link #optionalParagraph}. */
  public static String paragraph(JsonObject json, String field, int maxLength) {
    return required(field, optionalParagraph(json, field, maxLength));
  }

  /**
   * Multi-line text (a description, a reason), stripped: line breaks (CRLF becomes LF) and TAB are kept, every
   * other control character, a lone CR, U+2028/2029 and lone surrogates are refused.
   */
  public static String optionalParagraph(JsonObject json, String field, int maxLength) {
    String value = string(json, field);
    if (value == null) {
      return null;
    }
    value = value.replace("\r\n", "\n");
    if (!isLine(value.replace('\n', ' ').replace('\t', ' '))) {
      throw ApiException.invalid(field, field + " 含有控制字符或无效字符（只允许换行和制表符）。",
        field + " contains control characters or lone surrogates (only line breaks and tabs are allowed).");
    }
    return limited(field, value, maxLength).strip();
  }

  /** Whether the text is one line: no control character (Unicode Cc), no U+2028/2029, no lone surrogate. */
  public static boolean isLine(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
        continue;
      }
      if (Character.isISOControl(c) || Character.isSurrogate(c) || c == '\u2028' || c == '\u2029') {
        return false;
      }
    }
    return true;
  }

  private static String string(JsonObject json, String field) {
    Object raw = json.getValue(field);
    if (raw == null) {
      return null;
    }
    if (!(raw instanceof String value)) {
      throw ApiException.badRequest(field, field + " 必须是文本。", field + " must be a string.");
    }
    return value;
  }

  private static String limited(String field, String value, int maxLength) {
    if (value.codePointCount(0, value.length()) > maxLength) {
      throw ApiException.invalid(field, field + " 最多 " + maxLength + " 个字。", field + " is longer than " + maxLength + " characters.");
    }
    return value;
  }

  private static String required(String field, String value) {
    if (value == null || value.isBlank()) {
      throw ApiException.invalid(field, field + " 不能为空。", field + " must not be empty.");
    }
    return value;
  }

  /** A whole number that fits a long; anything else (a fraction, text, a number past the long's range) is a 400. */
  public static Long optionalLong(JsonObject json, String field) {
    Object raw = json.getValue(field);
    if (raw == null) {
      return null;
    }
    Long value = raw instanceof Number n ? whole(n) : null;
    if (value == null) {
      throw ApiException.badRequest(field, field + " 必须是 " + Long.MIN_VALUE + " 到 " + Long.MAX_VALUE + " 之间的整数。",
        field + " must be a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ".");
    }
    return value;
  }

  /**
   * The number as a long when it is whole and within the long's range, else null. JSON numbers too large for a
   * long arrive as BigInteger (or a double, in exponent form) and {@code longValue()} would wrap or saturate them:
   * 2^64 + 1 would become 1, naming another row.
   */
  static Long whole(Number n) {
    if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
      return n.longValue();
    }
    if (n instanceof BigInteger big) {
      return big.bitLength() < Long.SIZE ? big.longValue() : null;
    }
    if (n instanceof BigDecimal decimal) {
      try {
        return decimal.longValueExact();
      } catch (ArithmeticException fractionOrTooLarge) {
        return null;
      }
    }
    double d = n.doubleValue();
    // -2^63 is a long; 2^63 is not (every double from there on is past Long.MAX_VALUE).
    return d == Math.rint(d) && d >= -0x1p63 && d < 0x1p63 ? (Long) (long) d : null;
  }

  public static long requiredLong(JsonObject json, String field) {
    Long value = optionalLong(json, field);
    if (value == null) {
      throw ApiException.invalid(field, field + " 不能为空。", field + " is required.");
    }
    return value;
  }

  public static List<Long> longList(JsonObject json, String field) {
    Object raw = json.getValue(field);
    if (raw == null) {
      return List.of();
    }
    if (!(raw instanceof JsonArray array)) {
      throw ApiException.badRequest(field, field + " 必须是编号数组。", field + " must be an array of ids.");
    }
    List<Long> ids = new ArrayList<>();
    for (Object item : array) {
      Long id = item instanceof Number n ? whole(n) : null;
      if (id == null || id <= 0) {
        throw ApiException.badRequest(field, field + " 必须是编号（正整数）数组。", field + " must be an array of ids (positive whole numbers).");
      }
      if (!ids.contains(id)) {
        ids.add(id);
      }
    }
    return ids;
  }

  public static boolean flag(JsonObject json, String field) {
    Object raw = json.getValue(field);
    if (raw == null) {
      return false;
    }
    if (raw instanceof Boolean b) {
      return b;
    }
    throw ApiException.badRequest(field, field + " 必须是 true 或 false。", field + " must be true or false.");
  }

  /** The first day any date or time may fall on: nothing in a community broadcast's life is older. */
  public static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);

  /** The last day any date or time may fall on: ten years after today (UTC), far enough for any real booking. */
  public static LocalDate latest() {
    return LocalDate.now(ZoneOffset.UTC).plusYears(10);
  }

  /** Whether the day is within the window, from {@link #EARLIEST} to {@link #latest()}. */
  public static boolean plausible(LocalDate day) {
    return !day.isBefore(EARLIEST) && !day.isAfter(latest());
  }

  /**
   * The one check every date and time goes through: a day outside the window (year 1, 9999) is a 422 naming the
   * field, instead of a number for the episode or a 503 from a query past what PostgreSQL or the code can count.
   */
  public static LocalDate within(String field, LocalDate day) {
    if (!plausible(day)) {
      throw ApiException.invalid(field, field + " 应在 " + EARLIEST + " 到 " + latest() + " 之间。",
        field + " must be from " + EARLIEST + " to " + latest() + ".");
    }
    return day;
  }

  public static OffsetDateTime within(String field, OffsetDateTime time) {
    within(field, time.toLocalDate());
    return time;
  }

  public static LocalDateTime within(String field, LocalDateTime time) {
    within(field, time.toLocalDate());
    return time;
  }

  /** A YYYY-MM-DD date within the window; anything else is a 400. */
  public static LocalDate parseDate(String field, String raw) {
    try {
      return within(field, LocalDate.parse(raw.strip()));
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(field, field + " 应为日期，如 2024-09-01。", field + " must be a date such as 2024-09-01.");
    }
  }

  /** An ISO-8601 date-time with offset, e.g. 2026-12-02T19:30:00+08:00. */
  public static OffsetDateTime instant(JsonObject json, String field) {
    String raw = optionalText(json, field, 64);
    if (raw == null || raw.isEmpty()) {
      throw ApiException.invalid(field, field + " 不能为空。", field + " is required.");
    }
    return parseInstant(field, raw);
  }

  public static OffsetDateTime parseInstant(String field, String raw) {
    try {
      return within(field, OffsetDateTime.parse(raw));
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(field, field + " 应为带时区的时间，如 2026-12-02T19:30:00+08:00。",
        field + " must be an ISO-8601 date-time with offset.");
    }
  }

  /** A local date-time without offset (a series' first start, read in the room's zone). */
  public static LocalDateTime localDateTime(JsonObject json, String field) {
    String raw = text(json, field, 64);
    try {
      return within(field, LocalDateTime.parse(raw));
    } catch (DateTimeParseException e) {
      // An offset would be silently wrong across DST; the series is read in the room's own zone.
      throw ApiException.badRequest(field, field + " 应为直播间所在时区的本地时间（不带时区），如 2026-12-02T19:30。",
        field + " must be a local date-time without offset, such as 2026-12-02T19:30, read in the room's zone.");
    }
  }

  /**
   * A {@code from}/{@code to} query value: a date-time with offset, or a date read in {@code zone}.
   * A date as {@code to} includes the whole day.
   */
  public static OffsetDateTime queryTime(RoutingContext ctx, String field, ZoneId zone) {
    String raw = ctx.queryParams().get(field);
    if (raw == null || raw.isBlank()) {
      return null;
    }
    if (raw.length() <= 10) {
      try {
        LocalDate day = within(field, LocalDate.parse(raw));
        return (field.equals("to") ? day.plusDays(1) : day).atStartOfDay(zone).toOffsetDateTime();
      } catch (DateTimeParseException e) {
        throw ApiException.badRequest(field, field + " 应为日期或时间，如 2026-12-01。", field + " must be a date or a date-time.");
      }
    }
    return parseInstant(field, raw);
  }

  /** A region zone such as Asia/Shanghai: fixed offsets would not follow DST and PostgreSQL reads some with the opposite sign. */
  public static ZoneId zone(String field, String raw) {
    try {
      if (!ZoneId.getAvailableZoneIds().contains(raw)) {
        throw new DateTimeException(raw);
      }
      return ZoneId.of(raw);
    } catch (DateTimeException e) {
      throw ApiException.invalid(field, field + " 不是有效的时区，如 Asia/Shanghai。", field + " is not a time zone such as Asia/Shanghai.");
    }
  }

  public static int limit(RoutingContext ctx, int fallback, int max) {
    String raw = ctx.queryParams().get("limit");
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      int limit = Integer.parseInt(raw);
      if (limit >= 1 && limit <= max) {
        return limit;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw ApiException.badRequest("limit", "limit 应为 1 到 " + max + " 之间的整数。", "limit must be a whole number from 1 to " + max + ".");
  }

  public static Long queryId(RoutingContext ctx, String param) {
    String raw = ctx.queryParams().get(param);
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(param, param + " 必须是编号。", param + " must be a numeric id.");
    }
  }
}
