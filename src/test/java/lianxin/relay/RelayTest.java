package lianxin.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import lianxin.db.Databases;
import lianxin.net.AllowList;
import lianxin.net.Egress;
import lianxin.support.Await;
import lianxin.support.Http;
import lianxin.support.Seed;
import lianxin.support.Slow;
import lianxin.support.TestDb;
import lianxin.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A live episode relayed to four "platforms" through real processes on loopback: two FFmpeg RTMP listeners that
 * record what they get, a port nothing listens on, and a server that accepts and never reads. The two working
 * platforms receive a playable stream and keep receiving while the two bad ones fail and retry, each with its reason;
 * stopping the episode ends every push (the platforms' files close properly) and the states read off.
 */
@ExtendWith(VertxExtension.class)
@Slow
class RelayTest {

  @Test
  void workingPlatformsGetAPlayableStreamWhileBadOnesRetryOnTheirOwn(Vertx vertx) throws Exception {
    Http http = Http.local(vertx);
    Seed seed = new Seed(http);
    long room = seed.room();
    OffsetDateTime starts = OffsetDateTime.now().plusHours(2).truncatedTo(ChronoUnit.SECONDS);
    long episode = seed.episode(room, "推流测试", starts.toString(), starts.plusHours(1).toString()).getLong("id");

    try (RtmpRig rig = new RtmpRig()) {
      rig.publish("room-" + room);
      // The ingest has the stream before the episode goes live, as when the ingest calls the relays.
      Await.until("the test pattern on the ingest", Duration.ofSeconds(30), () -> rig.live("room-" + room));
      Path a = rig.dir.resolve("douyin.flv");
      Path b = rig.dir.resolve("bilibili.flv");
      JsonArray targets = new JsonArray()
        .add(target("douyin", "rtmp://127.0.0.1:" + rig.platform(a) + "/live/stream-douyin-0123456789abcdef"))
        .add(target("bilibili", "rtmp://127.0.0.1:" + rig.platform(b) + "/live/stream-bili-0123456789abcdef"))
        .add(target("kuaishou", "rtmp://127.0.0.1:" + rig.closedPort() + "/live/stream-ks-0123456789abcdef"))
        .add(target("custom", "rtmp://127.0.0.1:" + rig.stalled() + "/live/stream-stall-0123456789abcdef"));
      assertEquals(200, http.raw(io.vertx.core.http.HttpMethod.PUT, "/api/rooms/" + room + "/relays", targets.encode(),
        "application/json").status());

      Pool pool = Databases.pool(vertx, Databases.options(TestDb.url()), 4);
      AllowList allow = new AllowList(List.of("127.0.0.1"));
      Egress egress = new Egress(vertx, allow);
      egress.start().await();
      // The shared node's key (generated into its DATA_DIR): the pushes open what its routes sealed.
      Sealer sealer = Sealer.load(null, TestServer.mediaDir().getParent().resolve("secret.key"));
      Relays relays = new Relays(vertx, pool, sealer, allow, egress, "ffmpeg", new RelayConfig(null, Duration.ofSeconds(4)));
      relays.start().await();
      try {
        relays.start(room, episode, rig.ingest("room-" + room)).await();

        Map<String, JsonObject> states = Await.until("the good platforms connected and the bad ones retrying twice",
          Duration.ofSeconds(60), () -> byPlatform(http, episode),
          s -> s.get("douyin").getString("state").equals("connected") && s.get("bilibili").getString("state").equals("connected")
            && s.get("kuaishou").getInteger("attempts") >= 2 && s.get("custom").getInteger("attempts") >= 2);
        // The stalled platform has failed twice (each time after FFmpeg's 3 s timeout) and the others never paused.
        assertTrue(states.get("douyin").getInteger("bitrateKbps") > 0, states.toString());
        assertTrue(states.get("bilibili").getInteger("bitrateKbps") > 0, states.toString());
        assertEquals("retrying", states.get("kuaishou").getString("state"));
        assertTrue(states.get("kuaishou").getString("error").contains("平台拒绝连接"), states.toString());
        assertEquals("retrying", states.get("custom").getString("state"));
        assertTrue(states.get("custom").getString("error").contains("超时"), states.toString());
        // The reason names the platform's server, never its stream key.
        assertFalse(states.toString().contains("0123456789abcdef"), states.toString());
        JsonObject english = byPlatform(http.inLanguage("en"), episode).get("kuaishou");
        assertTrue(english.getString("error").startsWith("The platform refused the connection"), english.toString());
        long bytesBefore = states.get("douyin").getLong("bytes");

        System.out.println("relay CPU (ps -o %cpu,rss per relay FFmpeg): " + RelayCpu.sample());
        Thread.sleep(4000);
        Map<String, JsonObject> later = byPlatform(http, episode);
        assertEquals("connected", later.get("douyin").getString("state"));
        assertTrue(later.get("douyin").getLong("bytes") > bytesBefore, "douyin kept receiving: " + later);
        assertEquals("connected", later.get("bilibili").getString("state"));

        relays.stop(episode).await();
        Map<String, JsonObject> off = byPlatform(http, episode);
        off.values().forEach(s -> assertEquals("off", s.getString("state"), off.toString()));
        assertTrue(rig.platformsEnded(15), "the platforms saw the stream end");
      } finally {
        relays.stop().await();
        egress.stop().await();
        pool.close().await();
      }
      for (Path file : List.of(a, b)) {
        String streams = RelayCpu.ffprobe(file);
        assertTrue(streams.contains("h264") && streams.contains("aac"), file + ": " + streams);
        assertTrue(RelayCpu.seconds(file) >= 5, file + " holds at least 5 s");
      }
    }
  }

  private static JsonObject target(String platform, String url) {
    return new JsonObject().put("platform", platform).put("pushUrl", url).put("enabled", true);
  }

  private static Map<String, JsonObject> byPlatform(Http http, long episode) {
    Http.Reply reply = http.get("/api/episodes/" + episode + "/relays");
    assertEquals(200, reply.status(), reply.toString());
    return reply.items().stream().map(o -> (JsonObject) o)
      .collect(Collectors.toMap(o -> o.getString("platform"), Function.identity()));
  }
}
