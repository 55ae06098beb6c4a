package lianxin.auth;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Set;
import java.util.regex.Pattern;
import lianxin.http.ApiException;

/**
 * Who may change what. Reading stays open; every write needs a signed-in user (401), within their scope (403):
 * admins everything, officials their org's subtree, hosts their rooms' schedules.
 */
public final class Access {

  private static final Set<HttpMethod> WRITES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

  /**
   * Writes anyone may send: signing in, the replay and live players' beacons, and 民生问答's asking a room a question and
   * 我也想问 (those routes throttle per device and address and take JSON only).
   */
  private static final Pattern PUBLIC_WRITES =
    Pattern.compile("^/api/(session|episodes/[^/]+/(?:live-)?plays|rooms/[^/]+/questions|questions/[^/]+/votes)$");

  private Access() {
  }

  /** Refuses anonymous writes before any handler reads the body. */
  public static Handler<RoutingContext> signedInForWrites() {
    return ctx -> {
      if (WRITES.contains(ctx.request().method()) && !PUBLIC_WRITES.matcher(ctx.request().path()).matches()) {
        require(ctx);
      }
      ctx.next();
    };
  }

  public static User user(RoutingContext ctx) {
    return ctx.get(Authenticator.USER);
  }

  public static User require(RoutingContext ctx) {
    User user = user(ctx);
    if (user == null) {
      throw unauthorized();
    }
    return user;
  }

  static ApiException unauthorized() {
    return new ApiException(401, "unauthorized", "请先登录。", "Please sign in first.", null);
  }

  public static ApiException forbidden(String zh, String en) {
    return new ApiException(403, "forbidden", zh + "。", en + ".", null);
  }

  /** Schedule work on a room: its hosts, officials above it, admins. */
  public static Future<Void> room(SqlClient db, User user, long roomId) {
    if (user.admin() || user.roomIds().contains(roomId)) {
      return Future.succeededFuture();
    }
    return officialOver(db, user, AuthSql.ROOM_IN_SUBTREE, roomId,
      forbidden("你没有管理这个直播间的权限", "You may not change this room's schedule"));
  }

  /**
   * Work on an episode (its recordings, transcript, schedule): as {@link #room} for the episode's room, which comes
   * back; 404 when there is no such episode. With {@code lock}, the episode's row is held (FOR NO KEY UPDATE) until
   * the transaction of {@code db} ends.
   */
  public static Future<Long> episode(SqlClient db, User user, long episodeId, boolean lock) {
    return owner(db, lock ? AuthSql.ROOM_OF_EPISODE_LOCKED : AuthSql.ROOM_OF_EPISODE, "episode", episodeId)
      .compose(roomId -> room(db, user, roomId).map(roomId));
  }

  public static Future<Long> episode(SqlClient db, User user, long episodeId) {
    return episode(db, user, episodeId, false);
  }

  /** Work on a recording: as {@link #room} for its room, which comes back; 404 when there is no such recording. */
  public static Future<Long> recording(SqlClient db, User user, long recordingId) {
    return owner(db, AuthSql.ROOM_OF_RECORDING, "recording", recordingId)
      .compose(roomId -> room(db, user, roomId).map(roomId));
  }

  /** The room an episode belongs to, whoever asks (no permission check); 404 when there is no such episode. */
  public static Future<Long> roomOfEpisode(SqlClient db, long episodeId) {
    return owner(db, AuthSql.ROOM_OF_EPISODE, "episode", episodeId);
  }

  private static Future<Long> owner(SqlClient db, String sql, String what, long id) {
    return db.preparedQuery(sql).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        throw ApiException.notFound(what, id);
      }
      return rows.iterator().next().getLong("room_id");
    });
  }

  /** Setting a room up (name, columns, offset): officials above it and admins. */
  public static Future<Void> manageRoom(SqlClient db, User user, long roomId) {
    if (user.admin()) {
      return Future.succeededFuture();
    }
    return officialOver(db, user, AuthSql.ROOM_IN_SUBTREE, roomId,
      forbidden("只有上级机构的工作人员可以设置直播间", "Only officials above this room may set it up"));
  }

  /** Anything within an org unit's subtree: officials at or above it and admins. */
  public static Future<Void> org(SqlClient db, User user, long orgId) {
    if (user.admin()) {
      return Future.succeededFuture();
    }
    return officialOver(db, user, AuthSql.ORG_IN_SUBTREE, orgId,
      forbidden("这个机构不在你的管辖范围内", "This org unit is outside your area"));
  }

  private static Future<Void> officialOver(SqlClient db, User user, String sql, long target, ApiException refusal) {
    if (!user.official()) {
      return Future.failedFuture(refusal);
    }
    return db.preparedQuery(sql).execute(Tuple.of(user.orgId(), target)).compose(rows ->
      rows.iterator().next().getBoolean("inside") ? Future.succeededFuture() : Future.failedFuture(refusal));
  }
}
