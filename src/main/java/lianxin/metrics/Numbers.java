package lianxin.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Cells of platform exports: 12,345 · 1.2万 · 3分25秒 · 00:03:25. An empty cell is "not reported" (null). */
final class Numbers {

  private static final Pattern CLOCK = Pattern.compile("(?:(\\d+):)?(\\d{1,2}):(\\d{1,2})");
  private static final Pattern WORDS = Pattern.compile("(?:(\\d+)\\s*(?:小时|时|h))?\\s*(?:(\\d+)\\s*(?:分钟|分|min|m))?\\s*(?:(\\d+(?:\\.\\d+)?)\\s*(?:秒|s))?");

  private Numbers() {
  }

  /** A count; thousands separators and the 万/亿 units are read; a fraction of one is dropped. */
  static Long count(String raw) {
    String s = raw == null ? "" : raw.replace(",", "").replace("，", "").replace(" ", "").strip();
    if (s.isEmpty() || s.equals("-") || s.equals("--")) {
      return null;
    }
    long unit = 1;
    if (s.endsWith("万") || s.endsWith("w") || s.endsWith("W")) {
      unit = 10_000L;
      s = s.substring(0, s.length() - 1);
    } else if (s.endsWith("亿")) {
      unit = 100_000_000L;
      s = s.substring(0, s.length() - 1);
    }
    BigDecimal value = new BigDecimal(s).multiply(BigDecimal.valueOf(unit));
    if (value.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 2)) > 0) {
      throw new NumberFormatException(raw);
    }
    return value.setScale(0, RoundingMode.DOWN).longValueExact();
  }

  /** A duration in seconds: a plain number, h:mm:ss or mm:ss, or 1小时2分3秒 and its parts. */
  static Long seconds(String raw) {
    try {
      return secondsOf(raw);
    } catch (ArithmeticException tooLarge) {
      // Past a long (or wrapping in the sums below): a cell no export holds, refused like any unreadable one.
      throw new NumberFormatException(raw);
    }
  }

  private static Long secondsOf(String raw) {
    String s = raw == null ? "" : raw.strip();
    if (s.isEmpty() || s.equals("-") || s.equals("--")) {
      return null;
    }
    if (s.matches("-?\\d+(\\.\\d+)?")) {
      return new BigDecimal(s).setScale(0, RoundingMode.DOWN).longValueExact();
    }
    Matcher clock = CLOCK.matcher(s);
    if (clock.matches()) {
      return hms(part(clock.group(1)), part(clock.group(2)), part(clock.group(3)));
    }
    Matcher words = WORDS.matcher(s);
    if (words.matches() && (words.group(1) != null || words.group(2) != null || words.group(3) != null)) {
      long secs = words.group(3) == null ? 0 : new BigDecimal(words.group(3)).setScale(0, RoundingMode.DOWN).longValueExact();
      return hms(part(words.group(1)), part(words.group(2)), secs);
    }
    throw new NumberFormatException(raw);
  }

  private static long part(String digits) {
    return digits == null ? 0 : Long.parseLong(digits);
  }

  private static long hms(long hours, long minutes, long seconds) {
    return Math.addExact(Math.addExact(Math.multiplyExact(hours, 3600), Math.multiplyExact(minutes, 60)), seconds);
  }
}
