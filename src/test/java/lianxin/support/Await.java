package lianxin.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for something a test needs to become true, instead of sleeping for a guessed time. */
public final class Await {

  private static final long POLL_MILLIS = 50;

  private Await() {
  }

  /** Polls {@code condition} until it holds; fails naming {@code what} after {@code within}. */
  public static void until(String what, Duration within, BooleanSupplier condition) {
    until(what, within, condition::getAsBoolean, done -> done);
  }

  /** Polls {@code probe} until {@code done} accepts what it saw, and returns that; fails with the last value seen. */
  public static <T> T until(String what, Duration within, Supplier<T> probe, Predicate<? super T> done) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      T seen = probe.get();
      if (done.test(seen)) {
        return seen;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + within.toSeconds() + " s: " + what + "; last seen: " + seen);
      }
      Node.sleep(POLL_MILLIS);
    }
  }
}
