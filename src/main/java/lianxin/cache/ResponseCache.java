package lianxin.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Encoded responses for hot reads, grouped by room so one change drops only what it touched.
 * Entries of group {@link #GLOBAL} span rooms (org feeds, unfiltered lists) and go on every change.
 * Other nodes learn of changes through {@link ChangeListener}.
 *
 * <p>One per node, shared by all its HTTP verticles (Caffeine is thread-safe): an answer is loaded once per node, and
 * one listener keeps it fresh. Each caller gets its answer back on its own event loop.
 */
public final class ResponseCache {

  public static final String GLOBAL = "*";
  /**
   * Search answers and suggestions. They change only with search documents, transcripts, episodes and archives,
   * whose triggers send the notice {@code search} (V11), so room notices (metrics, followers, replays) leave them,
   * and they may live longer than the rest.
   */
  public static final String SEARCH = "search";
  private static final Duration SEARCH_TTL = Duration.ofMinutes(10);

  private record Key(String group, String key) {
  }

  /** A load's outcome; failures (404, database down) are handed to the caller and never kept. */
  private record Outcome(Encoded value, Throwable failure) {
  }

  private final AsyncCache<Key, Outcome> cache;

  public ResponseCache(long maxEntries, Duration ttl) {
    // Time-relative views ("upcoming") drift as the clock moves; the TTL bounds that drift.
    Duration searchTtl = SEARCH_TTL.compareTo(ttl) > 0 ? SEARCH_TTL : ttl;
    this.cache = Caffeine.newBuilder().maximumSize(maxEntries)
      .expireAfter(Expiry.creating((Key k, Outcome v) -> k.group().equals(SEARCH) ? searchTtl : ttl))
      .buildAsync();
  }

  /**
   * The answer already loaded for this key, or null. Only a request that was valid has one, so a route may serve it
   * before parsing the rest of its request again.
   */
  public Encoded loaded(String group, String key) {
    var present = cache.getIfPresent(new Key(group, key));
    return present != null && present.isDone() && !present.isCompletedExceptionally() && present.join().failure() == null
      ? present.join().value() : null;
  }

  /** From an event loop: the answer comes back on the caller's context (a hit at once, on the same thread). */
  public Future<Encoded> get(String group, String key, Supplier<Future<Encoded>> loader) {
    // A hit that is already loaded: answered at once, without going through a CompletableFuture's listeners.
    Encoded hit = loaded(group, key);
    return hit != null ? Future.succeededFuture(hit) : load(group, key, loader);
  }

  /**
   * As {@link #get}, for a caller that has just asked {@link #loaded} in vain: the entry is loaded (or joined, when
   * another request is loading it) without looking for a finished one again.
   */
  public Future<Encoded> load(String group, String key, Supplier<Future<Encoded>> loader) {
    Key k = new Key(group, key);
    Context context = Vertx.currentContext();
    var future = cache.get(k, (ignored, executor) -> loader.get()
      .transform(ar -> Future.succeededFuture(new Outcome(ar.result(), ar.cause())))
      .toCompletionStage().toCompletableFuture());
    return (context == null ? Future.fromCompletionStage(future) : Future.fromCompletionStage(future, context)).compose(outcome -> {
      if (outcome.failure() == null) {
        return Future.succeededFuture(outcome.value());
      }
      cache.synchronous().asMap().remove(k, outcome);
      return Future.failedFuture(outcome.failure());
    });
  }

  /** Drops what a change to one room (or the org tree, group "orgs") may have made stale. */
  public void invalidate(String group) {
    cache.synchronous().asMap().keySet().removeIf(k -> k.group().equals(group) || k.group().equals(GLOBAL));
  }

  /** Drops what changes to several rooms may have made stale, in one pass over the entries. */
  public void invalidate(java.util.Collection<String> groups) {
    java.util.Set<String> stale = new java.util.HashSet<>(groups);
    stale.add(GLOBAL);
    cache.synchronous().asMap().keySet().removeIf(k -> stale.contains(k.group()));
  }

  public void invalidateAll() {
    cache.synchronous().invalidateAll();
  }
}
