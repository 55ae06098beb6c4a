package lianxin.metrics;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/**
 * Token buckets by key (a player session, a client address), held in this node's memory; Caffeine forgets
 * keys idle for ten minutes, by which time their bucket is full again anyway. Per node on purpose: behind
 * N nodes a client gets at most N times the rate, which for replay beacons only bounds how far a misbehaving
 * client can inflate counts, and costs no database round trip per beacon.
 */
public final class RateLimiter {

  private static final class Bucket {
    private double tokens;
    private long refilledAt;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.refilledAt = now;
    }
  }

  private final Cache<String, Bucket> buckets;
  private final double burst;
  private final double perSecond;

  public RateLimiter(double burst, double perSecond) {
    this.burst = burst;
    this.perSecond = perSecond;
    this.buckets = Caffeine.newBuilder().maximumSize(1_000_000).expireAfterAccess(Duration.ofMinutes(10)).build();
  }

  /** Takes one token; false when the key has used its burst and the refill has not caught up. */
  public boolean tryAcquire(String key) {
    long now = System.nanoTime();
    Bucket bucket = buckets.get(key, k -> new Bucket(burst, now));
    synchronized (bucket) {
      bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.refilledAt) / 1e9 * perSecond);
      bucket.refilledAt = now;
      if (bucket.tokens < 1) {
        return false;
      }
      bucket.tokens -= 1;
      return true;
    }
  }

  /** Whole seconds until one token is back. */
  public long retryAfterSeconds() {
    return (long) Math.ceil(1 / perSecond);
  }
}
