package lianxin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import lianxin.support.Clips;
import lianxin.support.Http;
import lianxin.support.Node;
import lianxin.support.Seed;

/**
 * What the resident pages show, made once per run through the API: a room whose name, columns and episode titles
 * are hostile markup, 14,400 followers, a live episode, coming ones, and an aired episode with a real archive of a
 * generated 12 s clip (FFmpeg through the real pipeline).
 */
final class Residents {

  /** Markup that would run or fetch something if a page ever rendered it as HTML. */
  static final String ROOM_NAME = "<img src=x onerror=\"window.__xss=1\">党群连心桥";
  static final String LIVE_TITLE = "<script>window.__xss=2</script>停车政策解读";
  static final String ARCHIVED_TITLE = "社区医院<img src=/x.png onerror=\"window.__xss=3\">就医指南";
  static final String COLUMN = "<b onmouseover=\"window.__xss=4\">民生</b>";
  static final String DESCRIPTION = "<iframe src=\"https://example.org/\"></iframe>讲解就医流程";

  private static Residents made;

  final long roomId;
  final long columnId;
  final long liveId;
  final long upcomingId;
  final long archivedId;
  final String roomName;
  final double clipSeconds = 12;

  private Residents(Http http) {
    Seed seed = new Seed(http);
    long org = seed.district();
    roomName = ROOM_NAME + Seed.unique("");
    roomId = created(http.post("/api/rooms", new JsonObject().put("name", roomName).put("orgId", org)
      .put("episodeOffset", 114).put("timezone", "Asia/Shanghai").put("description", DESCRIPTION)
      .put("platforms", new JsonArray().add(new JsonObject().put("platform", "douyin").put("account", "hlbl")))));
    columnId = created(http.post("/api/rooms/" + roomId + "/columns", new JsonObject().put("name", COLUMN)));
    seed.column(roomId, "政策解读");
    assertEquals(201, http.post("/api/rooms/" + roomId + "/followers",
      new JsonObject().put("platform", "douyin").put("count", 14_400)).status());

    OffsetDateTime hour = OffsetDateTime.now(ZoneOffset.ofHours(8)).truncatedTo(ChronoUnit.HOURS);
    archivedId = episode(http, ARCHIVED_TITLE, hour.minusDays(3), columnId, DESCRIPTION);
    JsonObject accepted = upload(http, archivedId);
    // Aired: entered days after its end, it counts as aired at once (docs/schedule.md#aired-without-a-button-press),
    // so it is 第115期 after the 114 before.
    JsonObject aired = http.get("/api/episodes/" + archivedId).json();
    assertEquals("ended", aired.getString("status"), aired.encode());
    assertEquals(115, aired.getInteger("number"), aired.encode());
    // Live for another 40 minutes at least, whenever the run starts.
    liveId = episode(http, LIVE_TITLE, OffsetDateTime.now(ZoneOffset.ofHours(8)).truncatedTo(ChronoUnit.MINUTES).minusMinutes(10), null, null);
    assertEquals(200, http.post("/api/episodes/" + liveId + "/start", new JsonObject()).status());
    upcomingId = episode(http, "垃圾分类新规<svg onload=\"window.__xss=5\">", hour.plusDays(2), columnId, null);
    episode(http, "老旧小区加装电梯", hour.plusDays(9), null, null);

    JsonObject r = settle(http, accepted.getLong("id"));
    assertEquals("archived", r.getString("status"), r.encodePrettily());
  }

  /** Polls until the recording is archived or failed (a loaded machine may take a minute for a 12 s clip). */
  static JsonObject settle(Http http, long id) {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline) {
      JsonObject r = http.get("/api/recordings/" + id).json();
      if (r.getString("status").equals("archived") || r.getString("status").equals("failed")) {
        return r;
      }
      Node.sleep(200);
    }
    throw new AssertionError("recording " + id + " did not settle: " + http.get("/api/recordings/" + id).body());
  }

  static synchronized Residents get(Http http) {
    if (made == null) {
      made = new Residents(http);
    }
    return made;
  }

  private long episode(Http http, String title, OffsetDateTime start, Long column, String description) {
    JsonObject body = new JsonObject().put("title", title).put("startsAt", start.toString())
      .put("endsAt", start.plusMinutes(50).toString()).put("columnId", column).put("description", description)
      .put("confirmRenumber", true);
    return created(http.post("/api/rooms/" + roomId + "/episodes", body));
  }

  private static JsonObject upload(Http http, long episode) {
    Path clip = Clips.video(Clips.tempDir("lianxin-web-clip"), "talk.mp4", 12, 640, 360);
    try {
      Http.Reply reply = http.bytes(HttpMethod.POST, "/api/episodes/" + episode + "/recordings",
        Buffer.buffer(Files.readAllBytes(clip)), "video/mp4");
      assertEquals(202, reply.status(), reply.body());
      return reply.json();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long created(Http.Reply reply) {
    assertEquals(201, reply.status(), reply.body());
    return reply.json().getLong("id");
  }
}
