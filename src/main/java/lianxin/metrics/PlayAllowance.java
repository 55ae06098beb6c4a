package lianxin.metrics;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.LocalDate;
import java.util.function.LongSupplier;

/**
 * How many of a beacon's claimed seconds count, so replay views cannot be claimed faster than they can be watched.
 * A session's counted seconds are at most the wall-clock seconds since its first beacon on this node plus
 * {@code grace} (one beacon interval: a player's first beacon reports the seconds before it); one address starts at
 * most {@link #SESSIONS_PER_ADDRESS} counted sessions per episode and day, and the beacons of any further session
 * are accepted but not counted. Per node and in memory (no database round trip per beacon): a session whose beacons
 * reach several nodes gets a grace on each, and a node's restart forgets its sessions (they start over, with less
 * credit, never more than their wall clock allows on that node).
 */
final class PlayAllowance {

  static final int SESSIONS_PER_ADDRESS = 20;

  /** A session's first beacon on this node (milliseconds of {@code clock}) and the seconds counted since. */
  private static final class Session {
    final long first;
    long counted;

    Session(long first) {
      this.first = first;
    }
  }

  private final LongSupplier clock;
  private final int grace;
  private final Cache<String, Session> sessions = Caffeine.newBuilder().maximumSize(500_000)
    .expireAfterAccess(Duration.ofHours(6)).build();
  private final Cache<String, int[]> started = Caffeine.newBuilder().maximumSize(500_000)
    .expireAfterWrite(Duration.ofHours(25)).build();

  /** {@code clock}: milliseconds, monotonic. */
  PlayAllowance(int grace, LongSupplier clock) {
    this.grace = grace;
    this.clock = clock;
  }

  PlayAllowance(int grace) {
    this(grace, () -> System.nanoTime() / 1_000_000);
  }

  /** The seconds of {@code claimed} that count; -1 when the session is not counted at all (its address's limit). */
  int credit(String address, long episode, LocalDate day, String session, int claimed) {
    long now = clock.getAsLong();
    String key = episode + "/" + session;
    Session s = sessions.getIfPresent(key);
    if (s == null) {
      int[] count = started.get(address + "/" + episode + "/" + day, k -> new int[1]);
      if (count[0] >= SESSIONS_PER_ADDRESS) {
        return -1;
      }
      count[0]++;
      s = new Session(now);
      sessions.put(key, s);
    }
    long possible = (now - s.first) / 1000 + grace;
    int credit = (int) Math.max(0, Math.min(claimed, possible - s.counted));
    s.counted += credit;
    return credit;
  }
}
