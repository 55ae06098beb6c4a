package lianxin.live;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;
import lianxin.db.Tx;
import lianxin.http.Text;
import lianxin.schedule.Numbering;

/**
 * What a publish means, decided in one transaction holding the room's row (so two nodes taking publishes for one
 * room at once decide one after the other): back within the grace, the same episode goes on; else the episode whose
 * window is open goes live; else, as the room's setting says, an unscheduled episode or a refusal.
 */
final class Publishes {

  /** A node that has not beaten for this long no longer holds its publisher (its machine died). */
  static final Duration SILENCE = Duration.ofSeconds(10);
  static final String UNSCHEDULED_TITLE = "临时直播";

  /** The episode a publish was let in for; {@code resumed}: the publisher came back within the grace. */
  record Publish(long roomId, long episodeId, boolean resumed) {
  }

  /** A publish refused, and why (for the log: nginx only passes on a refusal). */
  static final class Refused extends RuntimeException {
    final transient Text reason;

    Refused(Text reason) {
      super(reason.en(), null, false, false);
      this.reason = reason;
    }
  }

  private static final String CLOSE_STALE = """
    UPDATE live_sessions SET ended_at = now(), node = NULL, client = NULL WHERE room_id = $1 AND ended_at IS NULL""";

  private final Pool pool;
  private final Duration lead;
  private final String node;
  /** The episodes whose publisher is connected to this node now. */
  private final Supplier<Set<Long>> here;

  Publishes(Pool pool, Duration lead, String node, Supplier<Set<Long>> here) {
    this.pool = pool;
    this.lead = lead;
    this.node = node;
    this.here = here;
  }

  Future<Publish> publish(String key, String client) {
    return room(key).compose(room -> Tx.as(pool, null, conn -> conn.preparedQuery(LiveSql.LOCK_ROOM).execute(Tuple.of(room.getLong("room_id")))
      .compose(v -> decide(conn, room.getLong("room_id"), room.getString("unscheduled"), client))));
  }

  /** The publisher of {@code key} left this node: the episode it was live for, or null when it held none here. */
  Future<Long> left(String key, String client) {
    return room(key).compose(room -> pool.preparedQuery(LiveSql.LEFT).execute(Tuple.of(room.getLong("room_id"), node, client)))
      .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong("episode_id"));
  }

  private Future<Row> room(String key) {
    if (!StreamKeys.plausible(key)) {
      return Future.failedFuture(new Refused(Text.of("推流码格式不对。", "Not a stream key.")));
    }
    return pool.preparedQuery(LiveSql.ROOM_OF_KEY).execute(Tuple.of(Buffer.buffer(StreamKeys.hash(key)))).map(rows -> {
      if (rows.size() == 0) {
        throw new Refused(Text.of("推流码不对，或已经换过。", "Unknown stream key, or one that was rotated."));
      }
      return rows.iterator().next();
    });
  }

  private Future<Publish> decide(SqlConnection conn, long room, String unscheduled, String client) {
    return conn.preparedQuery(LiveSql.OPEN_SESSION).execute(Tuple.of(room, seconds(SILENCE))).compose(rows -> {
      if (rows.size() > 0) {
        Row s = rows.iterator().next();
        long episode = s.getLong("episode_id");
        // A publisher this node holds no more (its nginx was restarted) is not in the way.
        boolean stale = node.equals(s.getString("node")) && !here.get().contains(episode);
        if (s.getBoolean("publishing") && !stale) {
          throw new Refused(Text.of("这个直播间正在推流，同一个推流码不能同时推两路。",
            "This room is already publishing; one stream key takes one publisher at a time."));
        }
        return conn.preparedQuery(LiveSql.RESUME).execute(Tuple.of(episode, node, client)).map(new Publish(room, episode, true));
      }
      return conn.preparedQuery(CLOSE_STALE).execute(Tuple.of(room))
        .compose(v -> conn.preparedQuery(LiveSql.IN_WINDOW).execute(Tuple.of(room, seconds(lead))))
        .compose(found -> {
          if (found.size() > 0) {
            long episode = found.iterator().next().getLong("id");
            return conn.preparedQuery(LiveSql.GO_LIVE).execute(Tuple.of(episode))
              .compose(v -> session(conn, room, episode, false, client));
          }
          if (!unscheduled.equals("episode")) {
            throw new Refused(Text.of("现在没有在推流时段内的节目，这个直播间不接受计划外的直播。",
              "No episode's window is open now, and this room refuses unscheduled streams."));
          }
          return unscheduled(conn, room, client);
        });
    });
  }

  /** A 临时直播 episode, numbered like any other (planned ones after it move up one), live from now. */
  private Future<Publish> unscheduled(SqlConnection conn, long room, String client) {
    return conn.preparedQuery(LiveSql.UNSCHEDULED_EPISODE).execute(Tuple.of(room, UNSCHEDULED_TITLE)).compose(rows -> {
      if (rows.size() == 0) {
        throw new Refused(Text.of("此刻还在一期已结束节目的时段内，不能开始计划外的直播。",
          "This moment is inside the slot of an episode that already ended; an unscheduled stream cannot start now."));
      }
      long episode = rows.iterator().next().getLong("id");
      return Numbering.renumber(conn, room)
        .compose(v -> conn.preparedQuery(LiveSql.GO_LIVE).execute(Tuple.of(episode)))
        .compose(v -> session(conn, room, episode, true, client));
    });
  }

  private Future<Publish> session(SqlConnection conn, long room, long episode, boolean unscheduled, String client) {
    return conn.preparedQuery(LiveSql.INSERT_SESSION).execute(Tuple.of(episode, room, unscheduled, node, client))
      .map(new Publish(room, episode, false));
  }

  static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }
}
