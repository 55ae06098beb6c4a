package lianxin.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class CountsTest {

  @Test
  void belowTenThousandIsThePlainNumber() {
    assertEquals("0", Counts.label(0));
    assertEquals("114", Counts.label(114));
    assertEquals("9999", Counts.label(9_999));
  }

  @Test
  void wanWithThreeSignificantDigits() {
    assertEquals("1万", Counts.label(10_000));
    assertEquals("1.44万", Counts.label(14_400));
    assertEquals("12.3万", Counts.label(123_456));
    assertEquals("100万", Counts.label(1_000_000));
    assertEquals("1234万", Counts.label(12_345_678));
  }

  @Test
  void neverRoundsUpIntoAClaimNotCounted() {
    assertEquals("9.99万", Counts.label(99_999));
    assertEquals("9999万", Counts.label(99_999_999));
  }

  @Test
  void yiFromAHundredMillion() {
    assertEquals("1亿", Counts.label(100_000_000));
    assertEquals("1.2亿", Counts.label(120_000_000));
    assertEquals("25.6亿", Counts.label(2_567_000_000L));
  }

  @Test
  void lossesAndUnknowns() {
    assertEquals("-1.2万", Counts.label(-12_000));
    assertEquals("-35", Counts.label(-35));
    assertNull(Counts.label((Long) null));
  }
}
