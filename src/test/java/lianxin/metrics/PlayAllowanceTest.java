package lianxin.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The wall-clock rule for replay seconds, on a clock the test moves. */
class PlayAllowanceTest {

  static final LocalDate DAY = LocalDate.of(2026, 12, 1);
  final AtomicLong now = new AtomicLong(1_000_000);
  final PlayAllowance allowance = new PlayAllowance(15, now::get);

  @Test
  void aPlayerBeaconingFifteenSecondsEveryFifteenSecondsHasEverySecondCounted() {
    int counted = 0;
    for (int beacon = 0; beacon < 3; beacon++) {
      counted += allowance.credit("10.0.0.1", 7, DAY, "viewer-1", 15);
      now.addAndGet(15_000);
    }
    assertEquals(45, counted, "0, 15 and 30 s after the first beacon: 15 s each");
  }

  @Test
  void secondsClaimedFasterThanTheyPassDoNotCount() {
    assertEquals(15, allowance.credit("10.0.0.1", 7, DAY, "greedy-1", 35), "the first beacon: one interval");
    assertEquals(0, allowance.credit("10.0.0.1", 7, DAY, "greedy-1", 35), "nothing has passed since");
    now.addAndGet(10_000);
    assertEquals(10, allowance.credit("10.0.0.1", 7, DAY, "greedy-1", 35));
    now.addAndGet(60_000);
    assertEquals(20, allowance.credit("10.0.0.1", 7, DAY, "greedy-1", 20), "never more than claimed");
  }

  @Test
  void oneAddressStartsAtMostTwentyCountedSessionsPerEpisodeAndDay() {
    for (int i = 0; i < PlayAllowance.SESSIONS_PER_ADDRESS; i++) {
      assertEquals(15, allowance.credit("10.0.0.1", 7, DAY, "fresh-" + i, 35));
    }
    assertEquals(-1, allowance.credit("10.0.0.1", 7, DAY, "fresh-20", 35), "the 21st is not counted");
    assertEquals(0, allowance.credit("10.0.0.1", 7, DAY, "fresh-0", 35), "a counted session goes on");
    assertEquals(15, allowance.credit("10.0.0.2", 7, DAY, "elsewhere", 35), "another address");
    assertEquals(15, allowance.credit("10.0.0.1", 8, DAY, "other-episode", 35), "another episode");
    assertEquals(15, allowance.credit("10.0.0.1", 7, DAY.plusDays(1), "next-day", 35), "another day");
  }
}
