package lianxin.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rometools.modules.itunes.EntryInformation;
import com.rometools.modules.itunes.FeedInformation;
import com.rometools.modules.itunes.ITunes;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lianxin.support.Clips;
import lianxin.support.Http;
import lianxin.support.Seed;
import lianxin.support.Slow;
import lianxin.support.TestServer;
import org.jdom2.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A recording with a subtitle track becomes an archive, a searchable transcript and a podcast item; the feed is
 * parsed back with Rome as a podcast app would read it.
 */
@ExtendWith(VertxExtension.class)
@Slow
class PodcastTest {

  static Http admin;
  static long room;
  static long column;
  static long episode;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    admin = Http.local(vertx);
    Seed seed = new Seed(admin);
    room = seed.room();
    column = seed.column(room, "政策解读");
    JsonObject body = new JsonObject().put("title", "老旧小区停车管理新政策").put("description", "车位怎么分？")
      .put("columnId", column).put("startsAt", "2030-05-07T10:00:00+08:00").put("endsAt", "2030-05-07T11:00:00+08:00");
    episode = admin.post("/api/rooms/" + room + "/episodes", body).json().getLong("id");
    seed.episode(room, "没有录像的一期", "2030-05-08T10:00:00+08:00", "2030-05-08T11:00:00+08:00");

    Path dir = Clips.tempDir("lianxin-podcast");
    Path video = Clips.video(dir, "plain.mp4", 4, 320, 240);
    Path srt = dir.resolve("subs.srt");
    Files.writeString(srt, "1\n00:00:01,000 --> 00:00:02,500\n错时停车从下月开始\n");
    Path subtitled = dir.resolve("subtitled.mp4");
    Clips.ffmpeg("-i", video.toString(), "-i", srt.toString(), "-map", "0", "-map", "1", "-c", "copy", "-c:s", "mov_text",
      subtitled.toString());
    Http.Reply accepted = admin.bytes(HttpMethod.POST, "/api/episodes/" + episode + "/recordings",
      Buffer.buffer(Files.readAllBytes(subtitled)), "video/mp4");
    assertEquals(202, accepted.status(), accepted.body());
    String status = "queued";
    for (int i = 0; i < 600 && !status.equals("archived") && !status.equals("failed"); i++) {
      lianxin.support.Node.sleep(200);
      status = admin.get("/api/recordings/" + accepted.json().getLong("id")).json().getString("status");
    }
    assertEquals("archived", status);
  }

  @Test
  void theRecordingsSubtitleTrackIsTheTranscript() {
    Http.Reply vtt = admin.anonymous().get("/api/episodes/" + episode + "/transcript.vtt");
    assertEquals(200, vtt.status(), vtt.body());
    assertTrue(vtt.body().contains("00:00:01.000 --> 00:00:02.500\n错时停车从下月开始"), vtt.body());
    JsonObject found = admin.anonymous().get("/api/search?roomId=" + room + "&q=%E9%94%99%E6%97%B6").json();
    assertEquals(episode, found.getJsonArray("items").getJsonObject(0).getJsonObject("episode").getLong("id"));
    assertEquals(1.0, found.getJsonArray("items").getJsonObject(0).getJsonArray("cues").getJsonObject(0).getDouble("start"));
    // The archive's chapter candidates until the host edits them.
    assertEquals("archive", admin.anonymous().get("/api/episodes/" + episode + "/chapters").json().getString("source"));
  }

  @Test
  void theRoomFeedIsAPodcastThatRomeReadsBack() throws Exception {
    Http.Reply reply = admin.anonymous().get("/api/rooms/" + room + "/podcast.xml");
    assertEquals(200, reply.status(), reply.body());
    assertTrue(reply.headers().get("content-type").startsWith("application/rss+xml"));
    SyndFeed feed = new SyndFeedInput().build(new StringReader(reply.body()));
    assertEquals("rss_2.0", feed.getFeedType());
    FeedInformation channel = (FeedInformation) feed.getModule(ITunes.URI);
    assertNotNull(channel, "itunes channel elements");
    assertEquals(List.of("Government"), channel.getCategories().stream().map(c -> c.getName()).toList());
    assertNotNull(channel.getImageUri(), "itunes:image");
    assertEquals(Boolean.FALSE, channel.getExplicitNullable());
    assertEquals(1, feed.getEntries().size(), "only archived episodes are items");

    SyndEntry item = feed.getEntries().get(0);
    assertTrue(item.getTitle().endsWith("老旧小区停车管理新政策"), item.getTitle());
    // The web pages use history routing: a "/#/episodes/…" link would open the home page.
    assertTrue(item.getLink().endsWith("/episodes/" + episode) && !item.getLink().contains("#"), item.getLink());
    assertTrue(feed.getLink().endsWith("/rooms/" + room) && !feed.getLink().contains("#"), feed.getLink());
    EntryInformation itunes = (EntryInformation) item.getModule(ITunes.URI);
    assertEquals(admin.get("/api/episodes/" + episode).json().getInteger("number"), itunes.getEpisode());
    assertEquals(4, Math.round(itunes.getDuration().getMilliseconds() / 1000.0));
    var enclosure = item.getEnclosures().get(0);
    assertEquals("audio/mp4", enclosure.getType());
    String audioPath = URI.create(enclosure.getUrl()).getPath();
    Http.Reply audio = admin.anonymous().bytes(HttpMethod.GET, audioPath, Buffer.buffer(), null);
    assertEquals(200, audio.status());
    assertEquals(Long.parseLong(audio.headers().get("content-length")), enclosure.getLength());
    assertEquals(Files.size(TestServer.mediaDir().resolve(audioPath.substring("/media/".length()))), enclosure.getLength());

    List<Element> podcast = item.getForeignMarkup();
    Element transcript = podcast.stream().filter(e -> e.getName().equals("transcript")).findFirst().orElseThrow();
    assertEquals("https://podcastindex.org/namespace/1.0", transcript.getNamespaceURI());
    assertEquals("text/vtt", transcript.getAttributeValue("type"));
    assertEquals(200, admin.anonymous().get(URI.create(transcript.getAttributeValue("url")).getPath()).status());
    Element chapters = podcast.stream().filter(e -> e.getName().equals("chapters")).findFirst().orElseThrow();
    assertEquals("application/json+chapters", chapters.getAttributeValue("type"));
    JsonObject json = admin.anonymous().get(URI.create(chapters.getAttributeValue("url")).getPath()).json();
    assertEquals(0.0, json.getJsonArray("chapters").getJsonObject(0).getDouble("startTime"));
  }

  @Test
  void aColumnHasItsOwnFeedAndUnknownOnesAre404() throws Exception {
    Http.Reply reply = admin.anonymous().get("/api/rooms/" + room + "/columns/" + column + "/podcast.xml");
    assertEquals(200, reply.status(), reply.body());
    SyndFeed feed = new SyndFeedInput().build(new StringReader(reply.body()));
    assertTrue(feed.getTitle().contains("政策解读"), feed.getTitle());
    assertEquals(1, feed.getEntries().size());
    assertEquals(404, admin.anonymous().get("/api/rooms/" + room + "/columns/999999999/podcast.xml").status());
    assertEquals(404, admin.anonymous().get("/api/rooms/999999999/podcast.xml").status());
  }
}
