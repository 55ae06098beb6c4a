package lianxin.metrics;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Logger;

/**
 * Beacons added up in this node's memory and written as sums every quarter second by default ({@code PLAYS_FLUSH},
 * {@link PlaySql#FLUSH}): a
 * beacon costs no database round trip, a flush is one statement however many beacons it holds, and storage grows
 * with viewers and episode minutes, never with beacons. A node that dies loses at most its last quarter second; a
 * node that is stopped writes what it holds first. Runs on the node's context only (whichever HTTP verticle took the
 * beacon), so the maps need no locking.
 */
final class PlayBuffer {

  private static final Logger LOG = Logger.getLogger(PlayBuffer.class.getName());
  /** Keys held before a flush; beyond this (the database is slow or away) beacons are refused with a 503. */
  static final int MAX_PENDING = 200_000;

  private record SessionKey(long episode, String session, LocalDate day) implements Comparable<SessionKey> {
    @Override
    public int compareTo(SessionKey o) {
      int c = Long.compare(episode, o.episode);
      c = c != 0 ? c : session.compareTo(o.session);
      return c != 0 ? c : day.compareTo(o.day);
    }
  }

  private record MinuteKey(long episode, int minute) implements Comparable<MinuteKey> {
    @Override
    public int compareTo(MinuteKey o) {
      int c = Long.compare(episode, o.episode);
      return c != 0 ? c : Integer.compare(minute, o.minute);
    }
  }

  /** Sums for one session-day since the last flush. */
  private static final class Sums {
    int watched;
    int position;
    final int length;

    Sums(int length) {
      this.length = length;
    }
  }

  /** Rooms' replay figures changed in the database and not yet announced; at most one notice a second. */
  static final long NOTIFY_EVERY_MS = 1_000;
  /** Room ids per notice: PostgreSQL's payload limit is 8,000 bytes. */
  private static final int ROOMS_PER_NOTICE = 400;

  private final Pool pool;
  private Set<Long> rooms = new HashSet<>();
  private Set<Long> unannounced = new TreeSet<>();
  private long announcedAt;
  private TreeMap<SessionKey, Sums> sessions = new TreeMap<>();
  private TreeMap<MinuteKey, Long> minutes = new TreeMap<>();
  private final Vertx vertx;
  /** The flush being written, if any; flushes never overlap. */
  private Future<Void> flushing = Future.succeededFuture();
  private long timer = -1;

  private final long flushMillis;

  PlayBuffer(Vertx vertx, Pool pool, Duration flushEvery) {
    this.vertx = vertx;
    this.pool = pool;
    this.flushMillis = flushEvery.toMillis();
  }

  void start() {
    timer = vertx.setPeriodic(flushMillis, t -> {
      if (flushing.isComplete()) {
        flushing = flush();
      }
      announce(false);
    });
  }

  /** Writes what is held after the flush in progress, and announces it; beacons that come later wait for the next. */
  Future<Void> stop() {
    vertx.cancelTimer(timer);
    return flushing.eventually(() -> flushing = flush()).eventually(() -> announce(true));
  }

  boolean full() {
    return sessions.size() + minutes.size() >= MAX_PENDING;
  }

  /** Adds a beacon: {@code watched} seconds ending at {@code position}, spread over the minutes they cover. */
  void add(long room, long episode, String session, LocalDate day, int length, int position, int watched) {
    rooms.add(room);
    Sums sums = sessions.computeIfAbsent(new SessionKey(episode, session, day), k -> new Sums(length));
    sums.watched += watched;
    sums.position = Math.max(sums.position, position);
    for (int from = Math.max(0, position - watched); from < position; ) {
      int minute = from / 60;
      int to = Math.min(position, (minute + 1) * 60);
      minutes.merge(new MinuteKey(episode, minute), (long) (to - from), Long::sum);
      from = to;
    }
  }

  private Future<Void> flush() {
    if (sessions.isEmpty() && minutes.isEmpty()) {
      return Future.succeededFuture();
    }
    Map<SessionKey, Sums> batch = sessions;
    Map<MinuteKey, Long> curve = minutes;
    Set<Long> touched = rooms;
    sessions = new TreeMap<>();
    minutes = new TreeMap<>();
    rooms = new HashSet<>();
    Tuple params = params(batch, curve);
    return pool.withTransaction(conn -> conn.query(PlaySql.ASYNC_COMMIT).execute()
        .compose(v -> conn.preparedQuery(PlaySql.FLUSH).execute(params)))
      .onSuccess(v -> unannounced.addAll(touched))
      .onFailure(e -> LOG.warning("replay beacons of " + batch.size() + " session(s) were not written: " + e.getMessage()))
      .<Void>mapEmpty().otherwiseEmpty();
  }

  /**
   * Cached overviews and room pages on every node drop what the committed flushes changed. Coalesced: a viewer
   * beacons every few seconds and a busy room many times a second, but a room is announced at most once a second
   * (per node), so caches still serve between notices and beacons cost no extra round trip.
   */
  private Future<Void> announce(boolean now) {
    long at = System.currentTimeMillis();
    if (unannounced.isEmpty() || !now && at - announcedAt < NOTIFY_EVERY_MS) {
      return Future.succeededFuture();
    }
    announcedAt = at;
    List<String> notices = new ArrayList<>();
    List<Long> ids = new ArrayList<>(unannounced);
    unannounced = new TreeSet<>();
    for (int i = 0; i < ids.size(); i += ROOMS_PER_NOTICE) {
      notices.add(ids.subList(i, Math.min(ids.size(), i + ROOMS_PER_NOTICE)).stream().map(String::valueOf)
        .collect(java.util.stream.Collectors.joining(",")));
    }
    return pool.preparedQuery(PlaySql.NOTIFY).execute(Tuple.of(notices.toArray(String[]::new)))
      .onFailure(e -> {
        LOG.warning("replay change notices were not sent, retrying: " + e.getMessage());
        unannounced.addAll(ids);
      })
      .<Void>mapEmpty().otherwiseEmpty();
  }

  private static Tuple params(Map<SessionKey, Sums> batch, Map<MinuteKey, Long> curve) {
    List<Long> episodes = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    List<LocalDate> days = new ArrayList<>();
    List<Integer> watched = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    List<Integer> lengths = new ArrayList<>();
    batch.forEach((k, s) -> {
      episodes.add(k.episode());
      ids.add(k.session());
      days.add(k.day());
      watched.add(Math.min(s.watched, 86_400));
      positions.add(s.position);
      lengths.add(s.length);
    });
    List<Long> minuteEpisodes = new ArrayList<>();
    List<Short> minuteNumbers = new ArrayList<>();
    List<Long> seconds = new ArrayList<>();
    curve.forEach((k, v) -> {
      minuteEpisodes.add(k.episode());
      minuteNumbers.add((short) k.minute());
      seconds.add(v);
    });
    return Tuple.tuple()
      .addArrayOfLong(episodes.toArray(Long[]::new)).addArrayOfString(ids.toArray(String[]::new))
      .addArrayOfLocalDate(days.toArray(LocalDate[]::new)).addArrayOfInteger(watched.toArray(Integer[]::new))
      .addArrayOfInteger(positions.toArray(Integer[]::new)).addArrayOfInteger(lengths.toArray(Integer[]::new))
      .addArrayOfLong(minuteEpisodes.toArray(Long[]::new)).addArrayOfShort(minuteNumbers.toArray(Short[]::new))
      .addArrayOfLong(seconds.toArray(Long[]::new));
  }
}
