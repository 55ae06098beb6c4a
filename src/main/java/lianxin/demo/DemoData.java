package lianxin.demo;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;
import lianxin.Config;
import lianxin.db.Tx;
import lianxin.schedule.Numbering;
import lianxin.schedule.Recurrence;

/**
 * The demo ({@link DemoRooms}) written into an empty database at start, in one transaction, before the port opens: org
 * units, rooms, weekly series for the coming weeks, follower readings, and a few aired episodes with their platform
 * figures. Their transcripts and recordings, the slow part, follow once the port is open ({@link DemoMedia}). Only
 * into an empty database, and into a DATABASE_URL database only when DEMO=1.
 */
public final class DemoData {

  private static final Logger LOG = Logger.getLogger(DemoData.class.getName());
  private static final int WEEKS = 6;
  /** Follower readings are taken at this time of day, the last one yesterday. */
  private static final LocalTime READING = LocalTime.of(20, 0);

  private DemoData() {
  }

  /** The transcripts and recordings still to make: none when the demo is off or the database already had org units. */
  public static Future<List<DemoMedia.Clip>> loadIfWanted(Config config, Pool pool) {
    if (!config.demo()) {
      return Future.succeededFuture(List.of());
    }
    long began = System.nanoTime();
    return pool.query(DemoSql.ANY_ORG).execute().compose(rows -> rows.iterator().next().getLong("n") > 0
      ? Future.succeededFuture(List.<DemoMedia.Clip>of())
      : Tx.as(pool, null, DemoData::load)
        .onSuccess(clips -> LOG.info("loaded the demo in " + (System.nanoTime() - began) / 1_000_000 + " ms; the transcripts and "
          + clips.size() + " recordings of its aired episodes follow in the background (DEMO=0 turns the demo off)")));
  }

  private static Future<List<DemoMedia.Clip>> load(SqlConnection conn) {
    // Statements that do not depend on each other go out together (Future.all): the connection pipelines them, so
    // the load costs a handful of round trips, not one per row, and the port opens soon even on a busy machine.
    List<DemoMedia.Clip> clips = new ArrayList<>();
    return conn.query(DemoSql.ORGS).execute()
      .compose(v -> Future.all(DemoRooms.ALL.stream().map(room -> room(conn, room, clips)).toList()))
      // The newest episodes first: what a visitor opens first is ready first.
      .map(v -> clips.stream().sorted(Comparator.comparing(DemoMedia.Clip::aired).reversed()).toList());
  }

  private static Future<Void> room(SqlConnection conn, DemoRooms.Room room, List<DemoMedia.Clip> clips) {
    return conn.preparedQuery(DemoSql.ROOM).execute(Tuple.of(room.org(), room.name(), room.description(), room.offset()))
      .map(rows -> rows.iterator().next())
      .compose(row -> {
        long roomId = row.getLong("id");
        ZoneId zone = ZoneId.of(row.getString("timezone"));
        return Future.all(conn.preparedQuery(DemoSql.PLATFORM).execute(Tuple.of(roomId, room.platform(), room.account())),
            conn.preparedQuery(DemoSql.COLUMN).executeBatch(room.columns().stream().map(c -> Tuple.of(roomId, c)).toList()),
            followers(conn, roomId, zone, room))
          .compose(v -> Future.all(aired(conn, roomId, zone, room, clips), series(conn, roomId, zone, room)))
          .compose(v -> Numbering.renumber(conn, roomId));
      });
  }

  /**
   * The room's aired demo episodes, oldest first, with the numbers they aired under: the last ones of the room's
   * offset when it is that large (the newspaper's 114 include them, so the room still says 已播 114 期), else the
   * first ones after it.
   */
  private static Future<Void> aired(SqlConnection conn, long roomId, ZoneId zone, DemoRooms.Room room,
                                    List<DemoMedia.Clip> clips) {
    record Dated(DemoRooms.Aired aired, DemoRooms.Slot slot, ZonedDateTime start) {
    }
    LocalDate today = LocalDate.now(zone);
    List<Dated> episodes = room.aired().stream().map(a -> {
      DemoRooms.Slot slot = room.slots().get(a.slot());
      LocalDate day = today.with(TemporalAdjusters.previous(slot.day())).minusWeeks(a.weeksAgo());
      return new Dated(a, slot, ZonedDateTime.of(day, slot.time(), zone));
    }).sorted(Comparator.comparing(Dated::start)).toList();
    int first = room.offset() >= episodes.size() ? room.offset() - episodes.size() + 1 : room.offset() + 1;
    List<Future<Void>> inserted = new ArrayList<>();
    for (int i = 0; i < episodes.size(); i++) {
      Dated e = episodes.get(i);
      int number = first + i;
      inserted.add(conn.preparedQuery(DemoSql.AIRED)
        .execute(Tuple.of(roomId, e.slot().column(), e.aired().title(), e.start().toOffsetDateTime(),
          e.start().plusMinutes(e.slot().minutes()).toOffsetDateTime(), number))
        .map(rows -> rows.iterator().next().getLong("id"))
        .compose(id -> figures(conn, id, roomId, room.platform(), e.aired().figures())
          .onSuccess(x -> clips.add(new DemoMedia.Clip(id, roomId, e.start().toOffsetDateTime(), e.aired().transcript(),
            "第" + number + "期 " + e.aired().title() + ".mp4", clips.size())))));
    }
    return Future.all(inserted).mapEmpty();
  }

  private static Future<Void> figures(SqlConnection conn, long episodeId, long roomId, String platform, DemoRooms.Figures f) {
    return conn.preparedQuery(DemoSql.FIGURES).execute(Tuple.of(episodeId, roomId, platform, f.views(),
      f.uniqueViewers(), f.peakViewers(), f.likes(), f.comments(), f.shares(), f.newFollowers(), f.avgWatchSeconds())).mapEmpty();
  }

  /** Each weekly slot as a series (as the host desk books one), from its next occurrence for {@link #WEEKS} weeks. */
  private static Future<Void> series(SqlConnection conn, long roomId, ZoneId zone, DemoRooms.Room room) {
    ZonedDateTime now = ZonedDateTime.now(zone);
    List<Future<Void>> booked = new ArrayList<>();
    for (DemoRooms.Slot slot : room.slots()) {
      LocalDate day = now.toLocalDate().with(TemporalAdjusters.nextOrSame(slot.day()));
      if (!ZonedDateTime.of(day, slot.time(), zone).isAfter(now)) {
        day = day.plusWeeks(1); // today's slot has already begun: the series starts with what is still ahead
      }
      LocalDateTime firstStart = LocalDateTime.of(day, slot.time());
      String rrule = "FREQ=WEEKLY;BYDAY=" + slot.day().name().substring(0, 2) + ";COUNT=" + WEEKS;
      String title = slot.column() + "·每" + slot.day().getDisplayName(TextStyle.SHORT, Locale.CHINA);
      List<ZonedDateTime> starts = Recurrence.expand(rrule, firstStart, zone);
      booked.add(conn.preparedQuery(DemoSql.SERIES).execute(Tuple.of(roomId, title, rrule, firstStart, slot.minutes()))
        .map(rows -> rows.iterator().next().getLong("id"))
        .compose(seriesId -> {
          List<Tuple> episodes = new ArrayList<>();
          for (int week = 0; week < starts.size(); week++) {
            OffsetDateTime start = starts.get(week).toOffsetDateTime();
            episodes.add(Tuple.of(roomId, slot.column(), seriesId, slot.titles().get(week % slot.titles().size()), start,
              start.plusMinutes(slot.minutes())));
          }
          return conn.preparedQuery(DemoSql.EPISODE).executeBatch(episodes).mapEmpty();
        }));
    }
    return Future.all(booked).mapEmpty();
  }

  /** Monthly readings, the last one yesterday evening, so the room shows the newest and the dashboard the climb. */
  private static Future<Void> followers(SqlConnection conn, long roomId, ZoneId zone, DemoRooms.Room room) {
    List<Long> counts = room.followers();
    if (counts.isEmpty()) {
      return Future.succeededFuture();
    }
    ZonedDateTime last = ZonedDateTime.of(LocalDate.now(zone).minusDays(1), READING, zone);
    List<Tuple> readings = new ArrayList<>();
    for (int i = 0; i < counts.size(); i++) {
      readings.add(Tuple.of(roomId, room.platform(), last.minusMonths(counts.size() - 1 - i).toOffsetDateTime(), counts.get(i)));
    }
    return conn.preparedQuery(DemoSql.FOLLOWERS).executeBatch(readings).mapEmpty();
  }
}
