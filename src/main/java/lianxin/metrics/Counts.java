package lianxin.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Counts the way Chinese readers see them: 9999, 1.44万, 12.3万, 1.2亿. Three significant digits at most,
 * rounded down so a label never claims more than was counted (99,999 is 9.99万, not 10万).
 */
public final class Counts {

  private static final long WAN = 10_000L;
  private static final long YI = 100_000_000L;

  private Counts() {
  }

  public static String label(Long count) {
    return count == null ? null : label(count.longValue());
  }

  public static String label(long count) {
    if (count < 0) {
      return "-" + label(-count);
    }
    if (count < WAN) {
      return Long.toString(count);
    }
    return count < YI ? scaled(count, WAN) + "万" : scaled(count, YI) + "亿";
  }

  private static String scaled(long count, long unit) {
    BigDecimal value = BigDecimal.valueOf(count).divide(BigDecimal.valueOf(unit));
    int whole = value.toBigInteger().toString().length();
    int decimals = Math.max(0, 3 - whole);
    return value.setScale(decimals, RoundingMode.DOWN).stripTrailingZeros().toPlainString();
  }
}
