package lianxin.search;

import static lianxin.support.Search.ids;
import static lianxin.support.Search.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.sql.Connection;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import lianxin.support.Http;
import lianxin.support.Indexed;
import lianxin.support.Posters;
import lianxin.support.Seed;
import lianxin.support.TestDb;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Search and lists favour what a resident can watch: for the same words, an aired episode with a replay comes
 * before one without, and both before one still to come; every item says whether it has a replay, its poster and
 * duration, and its times carry the room's zone.
 */
@ExtendWith(VertxExtension.class)
class WatchableTest {

  static Http admin;
  static Seed seed;

  @BeforeAll
  static void start(Vertx vertx) {
    admin = Http.local(vertx);
    seed = new Seed(admin);
  }

  /** An archived recording's row as the archive job leaves it (its files are not fetched here). */
  static void archived(long episode, long room, int seconds) throws Exception {
    String dir = "'archive/8" + episode + "/";
    try (Connection c = TestDb.jdbc(TestDb.url())) {
      c.createStatement().execute("INSERT INTO recordings (episode_id, room_id, source, status, original_key, sha256, bytes, kind,"
        + " duration_seconds, master_key, audio_key, chapters_key, poster_key, storyboard_key) VALUES (" + episode + ", " + room
        + ", 'upload', 'archived', 'originals/x', '" + "b".repeat(64) + "', 1, 'video', " + seconds + ", " + dir + "master.m3u8', "
        + dir + "audio.m4a', " + dir + "chapters.vtt', " + dir + "poster.jpg', " + dir + "storyboard.jpg')");
    }
    Posters.write("archive/8" + episode + "/poster.jpg");
  }

  static long episode(long room, String title, OffsetDateTime start) {
    return seed.episode(room, title, start.toString(), start.plusHours(1).toString()).getLong("id");
  }

  @Test
  void airedWithAReplayComesBeforeAiredAndBeforeWhatIsToComeAndSaysSo() throws Exception {
    // A room in Berlin: its times must come back in Berlin's offset, not the server's or Beijing's.
    long room = seed.room(seed.district(), 0, "Europe/Berlin");
    String word = "桂花糕" + Seed.unique("").replaceAll("\\D", "");
    OffsetDateTime hour = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS);
    long replayed = episode(room, word + "做法回顾", hour.minusDays(20));
    long aired = episode(room, word + "做法回顾", hour.minusDays(10));
    // The newest, and its title has the word just as well: newest-first would put it on top.
    long future = episode(room, word + "做法回顾", hour.plusDays(10));
    archived(replayed, room, 754);
    Indexed.await();

    Http.Reply reply = admin.anonymous().get(q("/api/search?roomId=" + room, word));
    assertEquals(200, reply.status(), reply.body());
    JsonObject found = reply.json();
    assertEquals(List.of(replayed, aired, future), ids(found), found.encode());

    JsonObject first = found.getJsonArray("items").getJsonObject(0).getJsonObject("episode");
    assertTrue(first.getBoolean("replay"), first.encode());
    assertEquals("Europe/Berlin", first.getString("timezone"));
    OffsetDateTime starts = OffsetDateTime.parse(first.getString("startsAt"));
    assertEquals(hour.minusDays(20).atZoneSameInstant(java.time.ZoneId.of("Europe/Berlin")).getOffset(), starts.getOffset());
    assertEquals(hour.minusDays(20).toInstant(), starts.toInstant());
    JsonObject archive = first.getJsonObject("archive");
    assertEquals(754, archive.getInteger("durationSeconds"));
    assertEquals("/media/archive/8" + replayed + "/poster.jpg", archive.getJsonObject("media").getString("poster"));
    assertEquals("/media/archive/8" + replayed + "/master.m3u8", archive.getJsonObject("media").getString("master"));

    JsonObject last = found.getJsonArray("items").getJsonObject(2).getJsonObject("episode");
    assertFalse(last.getBoolean("replay"));
    assertNull(last.getValue("archive"));
    assertEquals("scheduled", last.getString("status"));

    // A room's list says the same of each episode.
    JsonObject listed = admin.anonymous().get("/api/episodes?roomId=" + room).json();
    JsonObject one = listed.getJsonArray("items").stream().map(JsonObject.class::cast)
      .filter(e -> e.getLong("id") == replayed).findFirst().orElseThrow();
    assertTrue(one.getBoolean("replay"));
    assertEquals(754, one.getJsonObject("archive").getInteger("durationSeconds"));
    assertTrue(one.getJsonObject("archive").getJsonObject("media").getString("poster").endsWith("/poster.jpg"));
    assertTrue(one.getString("startsAt").endsWith(starts.getOffset().getId()), one.encode());
  }
}
