package lianxin.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Encoded responses for hot reads, grouped by room so one change drops only what it touched.
 * Entries of group {@link #GLOBAL} span rooms (org feeds, unfiltered lists) and go on every change.
 * Other nodes learn of changes through {@link ChangeListener}.
 */
public final class ResponseCache {

  public static final String GLOBAL = "*";

  private record Key(String group, String key) {
  }

  private final AsyncCache<Key, Encoded> cache;
  private final Context context;

  public ResponseCache(Context context, long maxEntries, Duration ttl) {
    this.context = context;
    // Time-relative views ("upcoming") drift as the clock moves; the TTL bounds that drift.
    this.cache = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(ttl).buildAsync();
  }

  public Future<Encoded> get(String group, String key, Supplier<Future<Encoded>> loader) {
    var future = cache.get(new Key(group, key), (k, executor) -> loader.get().toCompletionStage().toCompletableFuture());
    return Future.fromCompletionStage(future, context);
  }

  /** Drops what a change to one room (or the org tree, group "orgs") may have made stale. */
  public void invalidate(String group) {
    cache.synchronous().asMap().keySet().removeIf(k -> k.group().equals(group) || k.group().equals(GLOBAL));
  }

  public void invalidateAll() {
    cache.synchronous().invalidateAll();
  }
}
