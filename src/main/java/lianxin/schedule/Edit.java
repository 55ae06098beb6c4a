package lianxin.schedule;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lianxin.http.ApiException;

/**
 * One PATCH of an episode, or of it and the following occurrences of its series. Moving a series keeps its
 * wall-clock time: the shift is applied in local time of the room's zone, so 19:30 stays 19:30 across DST.
 */
final class Edit {

  private final SqlConnection conn;
  private final Current current;
  private final EpisodeInput in;
  private final boolean following;
  private final boolean confirmRenumber;

  Edit(SqlConnection conn, Current current, EpisodeInput in, boolean following, boolean confirmRenumber) {
    this.conn = conn;
    this.current = current;
    this.in = in;
    this.following = following;
    this.confirmRenumber = confirmRenumber;
  }

  /** The numbers residents had seen that the edit changed ({@link Numbering#guarded}). */
  Future<io.vertx.core.json.JsonArray> apply() {
    if (current.status().equals("cancelled")) {
      throw ApiException.conflict("已取消的节目不能修改。", "A cancelled episode cannot be changed.", new io.vertx.core.json.JsonArray());
    }
    if (in.changesTime() && !current.status().equals("scheduled")) {
      throw ApiException.conflict("节目已开播，不能再改计划时间。", "An episode that has gone live keeps its planned time.",
        new io.vertx.core.json.JsonArray());
    }
    if (following && current.seriesId() == null) {
      throw Scope.notInSeries();
    }
    Slot self = new Slot(in.startsAt() == null ? current.startsAt() : in.startsAt(),
      in.endsAt() == null ? current.endsAt() : in.endsAt());
    Long column = in.clearColumn() ? null : in.columnId() != null ? in.columnId() : current.columnId();
    return Numbering.guarded(conn, current.roomId(), confirmRenumber, () -> targets()
      .compose(targets -> RoomWrites.checkRefs(conn, current.roomId(), in.columnId(), in.hostIds(), in.guestIds())
        .compose(v -> following ? conn.query(EpisodeSql.DEFER_OVERLAPS).execute().mapEmpty() : Future.succeededFuture())
        .compose(v -> castOf(targets))
        .compose(casts -> {
          List<Long> ids = targets.stream().map(Current::id).toList();
          Future<Void> chain = Future.succeededFuture();
          for (Current target : targets) {
            Slot slot = in.changesTime() ? moved(target, self) : new Slot(target.startsAt(), target.endsAt());
            Cast cast = casts.getOrDefault(target.id(), Cast.NONE).with(in.hostIds(), in.guestIds());
            chain = chain.compose(v -> check(slot, cast.everyone(), ids)).compose(v -> write(target, slot, column, cast));
          }
          return chain;
        }))
      .compose(v -> Numbering.renumber(conn, current.roomId())))
      .map(Numbering.Guarded::renumbered);
  }

  private Future<List<Current>> targets() {
    if (!following) {
      return Future.succeededFuture(List.of(current));
    }
    return conn.preparedQuery(EpisodeSql.FOLLOWING).execute(Tuple.of(current.seriesId(), current.startsAt(), current.id())).map(rows -> {
      List<Current> list = new ArrayList<>();
      rows.forEach(row -> list.add(Current.from(row, current.zone())));
      return list;
    });
  }

  private Slot moved(Current target, Slot self) {
    if (target.id() == current.id()) {
      return self;
    }
    Duration localShift = Duration.between(current.startsAt().atZoneSameInstant(current.zone()).toLocalDateTime(),
      self.start().atZoneSameInstant(current.zone()).toLocalDateTime());
    OffsetDateTime start = ZonedDateTime.of(
      target.startsAt().atZoneSameInstant(current.zone()).toLocalDateTime().plus(localShift), current.zone()).toOffsetDateTime();
    return new Slot(start, start.plus(Duration.between(self.start(), self.end())));
  }

  private Future<Map<Long, Cast>> castOf(List<Current> targets) {
    Long[] ids = targets.stream().map(Current::id).toArray(Long[]::new);
    return conn.preparedQuery(EpisodeSql.PEOPLE_OF).execute(Tuple.of(ids)).map(rows -> {
      Map<Long, Cast> casts = new HashMap<>();
      for (Row row : rows) {
        casts.put(row.getLong("episode_id"), new Cast(List.of(row.getArrayOfLongs("hosts")), List.of(row.getArrayOfLongs("guests"))));
      }
      return casts;
    });
  }

  private Future<Void> check(Slot slot, List<Long> who, List<Long> moving) {
    return Conflicts.find(conn, current.roomId(), List.of(slot), who, moving).map(conflicts -> {
      if (!conflicts.isEmpty()) {
        throw Conflicts.error(conflicts);
      }
      return null;
    });
  }

  private Future<Void> write(Current target, Slot slot, Long column, Cast cast) {
    Tuple row = Tuple.of(target.id(), column,
      in.title() == null ? target.title() : in.title(),
      in.description() == null ? target.description() : in.description(),
      slot.start(), slot.end());
    Future<Void> updated = conn.preparedQuery(EpisodeSql.UPDATE).execute(row).mapEmpty();
    return in.changesPeople() ? updated.compose(v -> RoomWrites.setPeople(conn, target.id(), cast.hosts(), cast.guests(), true)) : updated;
  }

  /** Hosts and guests of one episode; a PATCH may send either list alone and keep the other. */
  record Cast(List<Long> hosts, List<Long> guests) {

    static final Cast NONE = new Cast(List.of(), List.of());

    Cast with(List<Long> newHosts, List<Long> newGuests) {
      Cast next = new Cast(newHosts == null ? hosts : newHosts, newGuests == null ? guests : newGuests);
      if (next.hosts.stream().anyMatch(next.guests::contains)) {
        throw ApiException.invalid(newGuests == null ? "hostIds" : "guestIds",
          "同一个人不能既是主播又是嘉宾。",
        "A person cannot be both host and guest.");
      }
      return next;
    }

    List<Long> everyone() {
      return EpisodeRoutes.concat(hosts, guests);
    }
  }
}
