package lianxin.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.imageio.ImageIO;
import lianxin.support.Clips;
import lianxin.support.Http;
import lianxin.support.Recordings;
import lianxin.support.Seed;
import lianxin.support.Slow;
import lianxin.support.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Recordings uploaded over HTTP become archives played over HTTP: real FFmpeg on generated clips. */
@ExtendWith(VertxExtension.class)
@Slow
class ArchiveTest {

  static Http http;
  static Seed seed;
  static Path clips;
  static Path hd;

  @BeforeAll
  static void start(Vertx vertx) {
    http = Http.local(vertx);
    seed = new Seed(http);
    clips = Clips.tempDir("lianxin-clips");
    hd = Clips.video(clips, "hd.mp4", 4, 1280, 720);
  }

  static long episode() {
    return seed.episode(seed.room(), "社区医院就医指南", "2031-01-08T19:30:00+08:00", "2031-01-08T20:30:00+08:00").getLong("id");
  }

  @Test
  void uploadedVideoBecomesAPlayableArchive() throws Exception {
    long episode = episode();
    JsonObject accepted = Recordings.upload(http, episode, hd, "video/mp4");
    assertEquals("queued", accepted.getString("status"));
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(hd))), accepted.getString("sha256"));

    JsonObject r = Recordings.settle(http, accepted.getLong("id"));
    assertEquals("archived", r.getString("status"), r.encodePrettily());
    assertEquals("archived", r.getString("stage"));
    assertEquals(100.0, r.getDouble("percent"));
    assertEquals(4.0, r.getDouble("durationSeconds"), 0.2);
    assertEquals(1280, r.getInteger("width"));
    assertEquals("h264", r.getString("videoCodec"));
    assertNotNull(r.getDouble("loudnessLufs"));
    JsonObject media = r.getJsonObject("media");

    // The master playlist: 240p for 2G-class links, 360p, the copied top rendition, audio-only.
    Http.Reply master = http.get(media.getString("master"));
    assertEquals(200, master.status());
    assertEquals("application/vnd.apple.mpegurl", master.headers().get("content-type"));
    assertTrue(master.body().contains("RESOLUTION=426x240\nv2/index.m3u8"), master.body());
    assertTrue(master.body().contains("RESOLUTION=640x360\nv1/index.m3u8"), master.body());
    assertTrue(master.body().contains("RESOLUTION=1280x720\nv0/index.m3u8"), master.body());
    assertTrue(master.body().contains("a/index.m3u8"), master.body());
    assertTrue(master.body().indexOf("v2/") < master.body().indexOf("v1/") && master.body().indexOf("v1/") < master.body().indexOf("v0/"),
      "smallest rung first: " + master.body());
    // Every BANDWIDTH is the rendition's busiest segment as served; the 240p rung fits a 2G-class link.
    String base = media.getString("master").replace("master.m3u8", "");
    for (String rendition : java.util.List.of("v0", "v1", "v2", "a")) {
      long declared = bandwidth(master.body(), rendition + "/index.m3u8");
      long measured = measuredPeak(base + rendition + "/");
      assertEquals(measured, declared, 1 + measured / 100, rendition + ": " + master.body());
    }
    assertTrue(bandwidth(master.body(), "v2/index.m3u8") <= 260_000, master.body());
    assertTrue(bandwidth(master.body(), "v2/index.m3u8") < bandwidth(master.body(), "v1/index.m3u8"), master.body());
    // ffprobe plays the master over HTTP: video and audio streams of the whole length.
    String probed = Recordings.ffprobe("http://localhost:" + TestServer.port() + media.getString("master"));
    assertTrue(probed.contains("codec_type=video") && probed.contains("codec_type=audio"), probed);

    // The poster is a real frame, not the black first second.
    Http.Reply poster = http.get(media.getString("poster"));
    assertEquals("image/jpeg", poster.headers().get("content-type"));
    var image = ImageIO.read(new ByteArrayInputStream(fetchBytes(media.getString("poster"))));
    assertTrue(meanBrightness(image) > 40, "poster is black");

    Http.Reply storyboard = http.get(media.getString("storyboard"));
    assertEquals("text/vtt; charset=utf-8", storyboard.headers().get("content-type"));
    assertTrue(storyboard.body().startsWith("WEBVTT"));
    assertTrue(storyboard.body().contains("sprite.jpg#xywh=160,0,160,90"), storyboard.body());
    String sprite = media.getString("storyboard").replace("storyboard.vtt", "sprite.jpg");
    assertEquals(4 * 160, ImageIO.read(new ByteArrayInputStream(fetchBytes(sprite))).getWidth());

    // The black first second ends in a scene change: a chapter starts there.
    Http.Reply chapters = http.get(media.getString("chapters"));
    assertTrue(chapters.body().contains("00:00:00.000 --> 00:00:01.000"), chapters.body());
    assertTrue(chapters.body().contains("第2段"), chapters.body());

    Http.Reply audio = http.get(media.getString("audio"));
    assertEquals("audio/mp4", audio.headers().get("content-type"));
    String audioProbe = Recordings.ffprobe("http://localhost:" + TestServer.port() + media.getString("audio"));
    assertTrue(audioProbe.contains("codec_name=aac") && !audioProbe.contains("codec_type=video"), audioProbe);

    // The episode carries its archive.
    JsonObject archive = http.get("/api/episodes/" + episode).json().getJsonObject("archive");
    assertEquals(r.getLong("id"), archive.getLong("recordingId"));
    assertEquals(media.getString("master"), archive.getJsonObject("media").getString("master"));
  }

  @Test
  void mediaAnswersRangesWithTypesAndRefusesTraversal() throws Exception {
    JsonObject r = Recordings.settle(http, Recordings.upload(http, episode(), hd, "video/mp4").getLong("id"));
    String audio = r.getJsonObject("media").getString("audio");
    long size = fetchBytes(audio).length;
    Http.Reply head = http.get(audio);
    assertEquals("bytes", head.headers().get("accept-ranges"));
    assertTrue(head.headers().get("cache-control").contains("max-age"));

    var client = Recordings.CLIENT;
    var base = "http://localhost:" + TestServer.port();
    var ranged = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + audio)).header("Range", "bytes=10-19").build(),
      java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(206, ranged.statusCode());
    assertEquals(10, ranged.body().length);
    assertEquals("bytes 10-19/" + size, ranged.headers().firstValue("content-range").orElse(""));
    var tail = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + audio)).header("Range", "bytes=-5").build(),
      java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(206, tail.statusCode());
    assertEquals(5, tail.body().length);
    var beyond = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + audio)).header("Range", "bytes=" + size + "-").build(),
      java.net.http.HttpResponse.BodyHandlers.discarding());
    assertEquals(416, beyond.statusCode());

    for (String path : new String[] {"/media/archive/../originals/x", "/media/archive/%2e%2e/%2e%2e/etc/passwd",
      "/media/..%2f..%2fetc%2fpasswd", "/media/originals/" + r.getLong("id"), "/media/archive/1/logs/top.log"}) {
      var refused = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(404, refused.statusCode(), path + " " + refused.body());
    }
  }

  /** The BANDWIDTH the master declares for the variant at {@code uri}. */
  static long bandwidth(String master, String uri) {
    String[] lines = master.split("\n");
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].equals(uri)) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("BANDWIDTH=(\\d+)").matcher(lines[i - 1]);
        assertTrue(m.find(), lines[i - 1]);
        return Long.parseLong(m.group(1));
      }
    }
    throw new AssertionError(uri + " not in " + master);
  }

  /** The highest bytes * 8 / seconds over the rendition's segments of at least half the target duration, over HTTP. */
  static long measuredPeak(String folder) throws Exception {
    String playlist = http.get(folder + "index.m3u8").body();
    double peak = 0;
    double seconds = 0;
    for (String line : playlist.split("\n")) {
      if (line.startsWith("#EXTINF:")) {
        seconds = Double.parseDouble(line.substring(8, line.indexOf(',')));
      } else if (line.endsWith(".m4s") && seconds >= 2) {
        peak = Math.max(peak, fetchBytes(folder + line).length * 8 / seconds);
      }
    }
    return Math.round(peak);
  }

  static byte[] fetchBytes(String path) throws Exception {
    return Recordings.CLIENT.send(java.net.http.HttpRequest.newBuilder(
      java.net.URI.create("http://localhost:" + TestServer.port() + path)).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
  }

  static double meanBrightness(java.awt.image.BufferedImage image) {
    long sum = 0;
    int n = 0;
    for (int y = 0; y < image.getHeight(); y += 4) {
      for (int x = 0; x < image.getWidth(); x += 4) {
        int rgb = image.getRGB(x, y);
        sum += ((rgb >> 16) & 255) + ((rgb >> 8) & 255) + (rgb & 255);
        n += 3;
      }
    }
    return (double) sum / n;
  }
}
