package lianxin.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import lianxin.support.Clips;
import lianxin.support.Http;
import lianxin.support.Recordings;
import lianxin.support.Seed;
import lianxin.support.Slow;
import lianxin.support.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bad input, replacement, deletion, retries and live progress, as a host would meet them. */
@ExtendWith(VertxExtension.class)
@Slow
class RecordingLifecycleTest {

  static Http http;
  static Seed seed;
  static Path clips;
  static Path hd;

  @BeforeAll
  static void start(Vertx vertx) {
    http = Http.local(vertx);
    seed = new Seed(http);
    clips = Clips.tempDir("lianxin-bad-clips");
    hd = Clips.video(clips, "hd.mp4", 4, 1280, 720);
  }

  static long episode() {
    return seed.episode(seed.room(), "社区医院就医指南", "2031-01-08T19:30:00+08:00", "2031-01-08T20:30:00+08:00").getLong("id");
  }

  static JsonObject upload(long episode, Path file, String type) throws Exception {
    return Recordings.upload(http, episode, file, type);
  }

  static JsonObject settle(long id) {
    return Recordings.settle(http, id);
  }

  @Test
  void badInputEndsWithAClearReasonAndTheServerStaysHealthy() throws Exception {
    long episode = episode();
    // Zero bytes: refused at the door.
    Http.Reply empty = http.bytes(HttpMethod.POST, "/api/episodes/" + episode + "/recordings", Buffer.buffer(), "video/mp4");
    assertEquals(422, empty.status(), empty.body());
    assertTrue(empty.message().contains("文件是空的"), empty.body());
    // Neither a form nor media; JSON is a pull and needs its sourceUrl.
    assertEquals(415, http.raw(HttpMethod.POST, "/api/episodes/" + episode + "/recordings", "hello", "text/plain").status());
    Http.Reply noUrl = http.raw(HttpMethod.POST, "/api/episodes/" + episode + "/recordings", "{}", "application/json");
    assertEquals(422, noUrl.status(), noUrl.body());
    assertTrue(noUrl.message().contains("sourceUrl"), noUrl.body());

    // A text file named .mp4, from a browser form, with a hostile name kept only as a label.
    Path text = Files.writeString(clips.resolve("notes.mp4"), "会议纪要：这不是视频。\n".repeat(50));
    Http.Reply form = http.multipart("/api/episodes/" + episode + "/recordings", "file", "../../etc/第115期.mp4", text, "video/mp4");
    assertEquals(202, form.status(), form.body());
    JsonObject notVideo = settle(form.json().getLong("id"));
    assertEquals("failed", notVideo.getString("status"));
    assertEquals("validate".equals(notVideo.getString("stage")) ? "validate" : "probe", notVideo.getString("stage"));
    assertTrue(notVideo.getString("error").contains("不是可识别的音视频"), notVideo.getString("error"));
    assertEquals("../../etc/第115期.mp4", notVideo.getString("sourceName"));
    // The original is kept: a retry reads it again and fails for the same reason, not for a missing file.
    assertEquals(202, http.post("/api/recordings/" + notVideo.getLong("id") + "/retry", null).status());
    JsonObject again = settle(notVideo.getLong("id"));
    assertEquals(notVideo.getString("error"), again.getString("error"));

    // A truncated recording (an MP4 whose index is at the end, cut in half).
    Path whole = clips.resolve("whole.mp4");
    Clips.ffmpeg("-f", "lavfi", "-i", "testsrc2=s=320x240:r=25:d=3", "-f", "lavfi", "-i", "sine=duration=3",
      "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", whole.toString());
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = Files.write(clips.resolve("cut.mp4"), Arrays.copyOf(bytes, bytes.length / 2));
    JsonObject truncated = settle(upload(episode, cut, "video/mp4").getLong("id"));
    assertEquals("failed", truncated.getString("status"));
    assertTrue(truncated.getString("error").contains("损坏"), truncated.getString("error"));

    // Health after all of it.
    assertEquals("ok", http.get("/api/health").json().getString("status"));
  }

  @Test
  void audioOnlyArchivesAsAudio() throws Exception {
    JsonObject r = settle(upload(episode(), Clips.audio(clips, "talk.m4a", 3), "audio/mp4").getLong("id"));
    assertEquals("archived", r.getString("status"), r.encodePrettily());
    assertEquals("audio", r.getString("kind"));
    JsonObject media = r.getJsonObject("media");
    assertNull(media.getString("poster"));
    assertNull(media.getString("storyboard"));
    String master = http.get(media.getString("master")).body();
    assertTrue(master.contains("a/index.m3u8") && !master.contains("RESOLUTION"), master);
    assertEquals(200, http.get(media.getString("audio")).status());
    // Only a failed recording can be retried.
    assertEquals(409, http.post("/api/recordings/" + r.getLong("id") + "/retry", null).status());
  }

  @Test
  void portraitKeepsItsShapeAndLegacyCodecsAreEncoded() throws Exception {
    JsonObject portrait = settle(upload(episode(), Clips.video(clips, "phone.mp4", 3, 720, 1280), "video/mp4").getLong("id"));
    assertEquals("archived", portrait.getString("status"), portrait.encodePrettily());
    String master = http.get(portrait.getJsonObject("media").getString("master")).body();
    assertTrue(master.contains("RESOLUTION=720x1280") && master.contains("RESOLUTION=360x640"), master);

    JsonObject legacy = settle(upload(episode(), Clips.legacy(clips, "old.avi", 3), "video/x-msvideo").getLong("id"));
    assertEquals("archived", legacy.getString("status"), legacy.encodePrettily());
    assertEquals("mpeg4", legacy.getString("videoCodec"));
    String probed = Recordings.ffprobe("http://localhost:" + TestServer.port() + legacy.getJsonObject("media").getString("master"));
    assertTrue(probed.contains("codec_name=h264") && probed.contains("codec_name=aac"), probed);
  }

  @Test
  void aNewRecordingReplacesTheOldOnlyOnceReadyAndDeleteRemovesFiles() throws Exception {
    long episode = episode();
    JsonObject first = settle(upload(episode, hd, "video/mp4").getLong("id"));
    String firstMaster = first.getJsonObject("media").getString("master");
    JsonObject second = upload(episode, Clips.video(clips, "retake.mp4", 3, 640, 360), "video/mp4");
    // Until the new one is archived, the episode still plays the old one.
    assertEquals(first.getLong("id"), http.get("/api/episodes/" + episode).json().getJsonObject("archive").getLong("recordingId"));
    JsonObject done = settle(second.getLong("id"));
    assertEquals("archived", done.getString("status"));
    assertEquals(done.getLong("id"), http.get("/api/episodes/" + episode).json().getJsonObject("archive").getLong("recordingId"));
    assertEquals(404, http.get("/api/recordings/" + first.getLong("id")).status());
    assertEquals(404, http.get(firstMaster).status());

    String master = done.getJsonObject("media").getString("master");
    assertEquals(204, http.bytes(HttpMethod.DELETE, "/api/recordings/" + done.getLong("id"), Buffer.buffer(), "application/json").status());
    assertEquals(404, http.get(master).status());
    assertNull(http.get("/api/episodes/" + episode).json().getValue("archive"));
  }

  @Test
  void progressStreamsAsServerSentEventsUntilArchived() throws Exception {
    long id = upload(episode(), hd, "video/mp4").getLong("id");
    HttpResponse<java.io.InputStream> stream = Recordings.CLIENT.send(HttpRequest.newBuilder(
      URI.create("http://localhost:" + TestServer.port() + "/api/recordings/" + id + "/events")).build(), HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, stream.statusCode());
    assertTrue(stream.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
    List<JsonObject> events = new ArrayList<>();
    String last = null;
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("event: ")) {
          last = line.substring(7);
        } else if (line.startsWith("data: ")) {
          events.add(new JsonObject(line.substring(6)));
        }
      }
    }
    assertEquals("archived", last, events.toString());
    assertEquals("archived", events.get(events.size() - 1).getString("status"));
    List<String> stages = events.stream().map(e -> e.getString("stage")).filter(s -> s != null).distinct().toList();
    assertTrue(stages.containsAll(List.of("package", "poster", "chapters", "loudness", "audio", "archived")), stages.toString());
    double previous = -1;
    for (JsonObject e : events) {
      if ("processing".equals(e.getString("status"))) {
        assertTrue(e.getDouble("percent") >= previous, events.toString());
        previous = e.getDouble("percent");
      }
    }
  }

  @Test
  void anUploadOverTheLimitIsRefusedBeforeItIsRead() throws Exception {
    long episode = episode();
    String token = http.signIn("admin", TestServer.ADMIN_PASSWORD);
    try (Socket socket = new Socket("localhost", TestServer.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST /api/episodes/" + episode + "/recordings HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
        + "\r\nContent-Type: video/mp4\r\nContent-Length: 9000000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[4096]);
      out.flush();
      String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
      assertEquals("HTTP/1.1 413 Request Entity Too Large", status);
    }
    assertFalse(http.get("/api/health").body().isEmpty());
  }
}
