package lianxin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.sql.Connection;
import lianxin.support.Http;
import lianxin.support.Posters;
import lianxin.support.Seed;
import lianxin.support.TestDb;
import lianxin.support.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A link pasted into WeChat is previewed from the page's HTML, scripts not run: each room and episode page carries
 * its own title, description and poster in the HTML the server sends, here read exactly as such a crawler would.
 */
@ExtendWith(VertxExtension.class)
class SharePagesTest {

  static Http http;
  static Seed seed;

  @BeforeAll
  static void start(Vertx vertx) {
    http = Http.local(vertx);
    seed = new Seed(http);
  }

  static String meta(String html, String attribute, String name) {
    String marker = "<meta " + attribute + "=\"" + name + "\" content=\"";
    int at = html.indexOf(marker);
    return at < 0 ? null : html.substring(at + marker.length(), html.indexOf('"', at + marker.length()));
  }

  @Test
  void anEpisodePageCarriesItsOwnTitleDescriptionAndPosterAndTheMomentShared() throws Exception {
    long room = seed.room();
    JsonObject episode = seed.episode(room, "医保报销怎么办", "2031-05-06T19:30:00+08:00", "2031-05-06T20:30:00+08:00");
    long id = episode.getLong("id");
    try (Connection c = TestDb.jdbc(TestDb.url())) {
      // An archived recording's poster, as the archive job leaves it.
      String dir = "'archive/9" + id + "/";
      c.createStatement().execute("INSERT INTO recordings (episode_id, room_id, source, status, original_key, sha256, bytes, kind,"
        + " duration_seconds, master_key, audio_key, chapters_key, poster_key, storyboard_key) VALUES (" + id + ", " + room
        + ", 'upload', 'archived', 'originals/x', '" + "a".repeat(64) + "', 1, 'video', 60, " + dir + "master.m3u8', " + dir
        + "audio.m4a', " + dir + "chapters.vtt', " + dir + "poster.jpg', " + dir + "storyboard.jpg')");
    }
    Posters.write("archive/9" + id + "/poster.jpg");
    Http.Reply page = http.anonymous().get("/episodes/" + id + "?t=95");
    assertEquals(200, page.status(), page.body());
    assertTrue(page.headers().get("content-type").startsWith("text/html"));
    String html = page.body();
    String title = "医保报销怎么办 · 第" + episode.getInteger("number") + "期 | " + episode.getString("roomName");
    assertTrue(html.contains("<title>" + title + "</title>"), html);
    assertEquals(1, html.split("<title>", -1).length - 1, html);
    assertEquals(title, meta(html, "property", "og:title"));
    assertEquals(title, meta(html, "itemprop", "name"));
    String description = meta(html, "property", "og:description");
    assertTrue(description.startsWith("从 1:35 起播放 · " + episode.getString("roomName")) && description.contains("2031年5月6日 19:30"), description);
    assertEquals(description, meta(html, "name", "description"));
    String base = "http://localhost:" + TestServer.port();
    assertEquals(base + "/episodes/" + id + "?t=95", meta(html, "property", "og:url"));
    assertEquals(base + "/media/archive/9" + id + "/poster.jpg", meta(html, "property", "og:image"));
    assertEquals(base + "/media/archive/9" + id + "/poster.jpg", meta(html, "itemprop", "image"));
    // Still the app: the script that renders the page is there.
    assertTrue(html.contains("<div id=\"app\"></div>") && html.contains("<script"), html);
  }

  @Test
  void aRoomPageToo() {
    long room = seed.room();
    String name = http.get("/api/rooms/" + room).json().getString("name");
    String html = http.anonymous().get("/rooms/" + room).body();
    assertTrue(meta(html, "property", "og:title").startsWith(name + " · "), html);
    assertTrue(meta(html, "name", "description").contains(name), html);
    assertEquals(null, meta(html, "property", "og:image"), "no recording, no poster");
  }

  @Test
  void titlesAreEscapedAndMissingPagesAre404() {
    long room = seed.room();
    long id = seed.episode(room, "\"><script>alert(1)</script>", "2031-05-07T19:30:00+08:00", "2031-05-07T20:30:00+08:00").getLong("id");
    String html = http.anonymous().get("/episodes/" + id).body();
    assertFalse(html.contains("<script>alert(1)"), html);
    assertTrue(html.contains("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"), html);
    Http.Reply missing = http.anonymous().get("/episodes/999999999");
    assertEquals(404, missing.status());
    assertTrue(missing.body().contains("<title>找不到这一页 | 连心</title>"), missing.body());
    assertEquals(404, http.anonymous().get("/rooms/abc").status());
  }
}
