package lianxin.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Cells as platform exports write them, and the limiter behind the beacons' 429. */
class NumbersTest {

  @Test
  void countsWithSeparatorsAndUnits() {
    assertEquals(12_000, Numbers.count("12,000"));
    assertEquals(12_000, Numbers.count("1.2万"));
    assertEquals(12_345, Numbers.count("1.2345w"));
    assertEquals(150_000_000, Numbers.count("1.5亿"));
    assertEquals(-5, Numbers.count("-5"), "read as written; the range check refuses it");
    assertNull(Numbers.count(""));
    assertNull(Numbers.count("--"));
    assertThrows(NumberFormatException.class, () -> Numbers.count("二十"));
  }

  @Test
  void durationsInTheirUsualSpellings() {
    assertEquals(205, Numbers.seconds("205"));
    assertEquals(205, Numbers.seconds("3分25秒"));
    assertEquals(205, Numbers.seconds("00:03:25"));
    assertEquals(205, Numbers.seconds("3:25"));
    assertEquals(3_725, Numbers.seconds("1小时2分5秒"));
    assertEquals(120, Numbers.seconds("2分钟"));
    assertEquals(45, Numbers.seconds("45秒"));
    assertNull(Numbers.seconds(" "));
    assertThrows(NumberFormatException.class, () -> Numbers.seconds("很久"));
  }

  @Test
  void durationsPastALongAreRefusedNotWrapped() {
    // 2562047788015216 hours is past a long's seconds: it used to wrap to a small number of seconds.
    assertThrows(NumberFormatException.class, () -> Numbers.seconds("2562047788015216小时0分16秒"));
    assertThrows(NumberFormatException.class, () -> Numbers.seconds("5124095576030432:00:00"));
    assertThrows(NumberFormatException.class, () -> Numbers.seconds("99999999999999999999"));
    assertThrows(NumberFormatException.class, () -> Numbers.seconds("99999999999999999999秒"));
  }

  @Test
  void aBucketGivesItsBurstThenRefuses() {
    RateLimiter limiter = new RateLimiter(3, 0.001);
    assertTrue(limiter.tryAcquire("a:10.0.0.1"));
    assertTrue(limiter.tryAcquire("a:10.0.0.1"));
    assertTrue(limiter.tryAcquire("a:10.0.0.1"));
    assertFalse(limiter.tryAcquire("a:10.0.0.1"));
    assertTrue(limiter.tryAcquire("a:10.0.0.2"), "keys are counted apart");
  }
}
