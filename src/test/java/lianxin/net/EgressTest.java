package lianxin.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.junit5.VertxExtension;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import lianxin.archive.ffmpeg.FfmpegRunner;
import lianxin.support.Clips;
import lianxin.support.Slow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The egress proxy every pull and capture goes out through, with a resolver the test controls: the names
 * {@code media.test} and {@code inside.test} exist only there, so a fetch that works proves the connection went to
 * the address the check resolved (nothing else could resolve them), and a name turned to an internal address
 * between two lookups (DNS rebinding) reaches nothing. Only 127.0.0.1 is allowed; the internal server listens on
 * IPv6 loopback, on the same port as the allowed one.
 */
@ExtendWith(VertxExtension.class)
@Slow
class EgressTest {

  static final AtomicReference<String> MEDIA = new AtomicReference<>("127.0.0.1");
  static final AtomicInteger INSIDE_HITS = new AtomicInteger();
  static Path served;
  static HttpServer outside;
  static HttpServer inside;
  static HttpServer tls;
  static Egress egress;
  static AllowList allow;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    served = Clips.tempDir("lianxin-egress");
    Clips.video(served, "clip.mp4", 2, 320, 240);
    Clips.ffmpeg("-i", served.resolve("clip.mp4").toString(), "-c", "copy", "-f", "hls", "-hls_time", "1",
      "-hls_playlist_type", "vod", "-hls_segment_filename", served.resolve("seg%03d.ts").toString(),
      served.resolve("show.m3u8").toString());
    outside = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false)).requestHandler(request -> {
      if (request.path().equals("/host")) {
        request.response().end("host " + request.getHeader("host"));
      } else {
        request.response().sendFile(served.resolve(request.path().substring(1)).toString());
      }
    }).listen(0, "127.0.0.1").await();
    int port = outside.actualPort();
    inside = vertx.createHttpServer().requestHandler(request -> {
      INSIDE_HITS.incrementAndGet();
      request.response().end("secret");
    }).listen(port, "::1").await();
    // The stream again, its segments named on the internal server.
    Files.writeString(served.resolve("sneaky.m3u8"), Files.readString(served.resolve("show.m3u8"))
      .replaceAll("(?m)^(seg\\d+\\.ts)$", "http://inside.test:" + port + "/$1"));
    SelfSignedCertificate cert = SelfSignedCertificate.create("media.test");
    tls = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setKeyCertOptions(cert.keyCertOptions()))
      .requestHandler(request -> request.response().sendFile(served.resolve("clip.mp4").toString()))
      .listen(0, "127.0.0.1").await();
    allow = new AllowList(List.of("127.0.0.1"), null, host -> switch (host) {
      case "media.test" -> new InetAddress[] {InetAddress.getByName(MEDIA.get())};
      case "inside.test" -> new InetAddress[] {InetAddress.getByName("::1")};
      default -> {
        if (!host.matches("[0-9.:]+")) {
          throw new UnknownHostException(host);
        }
        yield InetAddress.getAllByName(host);
      }
    });
    egress = new Egress(vertx, allow);
    egress.start().await();
  }

  @AfterAll
  static void stop() {
    egress.stop().await();
  }

  static HttpResponse<String> get(Egress.Lease lease, String url) throws Exception {
    HttpClient client = HttpClient.newBuilder().proxy(lease.selector()).build();
    return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** FFmpeg reading {@code url} as a pull or capture would open it; its exit status and error output. */
  static String ffmpeg(Egress.Lease lease, String url) throws Exception {
    FfmpegInput in = FfmpegInput.network(allow, "sourceUrl", URI.create(url));
    List<String> args = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error"));
    args.addAll(in.options());
    args.addAll(List.of("-i", in.url(), "-f", "null", "-"));
    Process p = FfmpegRunner.environment(new ProcessBuilder(args), lease.environment()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return p.exitValue() + " " + out;
  }

  @Test
  void aNameIsConnectedToTheAddressTheCheckResolvedWithItsNameKept() throws Exception {
    MEDIA.set("127.0.0.1");
    try (Egress.Lease lease = egress.lease()) {
      HttpResponse<String> r = get(lease, "http://media.test:" + outside.actualPort() + "/host");
      assertEquals(200, r.statusCode(), r.body());
      assertEquals("host media.test:" + outside.actualPort(), r.body());
      assertTrue(lease.refusal().isEmpty());
    }
  }

  @Test
  void aNameThatRebindsToAnInternalAddressReachesNothing() throws Exception {
    int hits = INSIDE_HITS.get();
    try (Egress.Lease lease = egress.lease()) {
      MEDIA.set("127.0.0.1");
      assertEquals(200, get(lease, "http://media.test:" + outside.actualPort() + "/host").statusCode());
      // The same name, a moment later, on the internal address (and the same port).
      MEDIA.set("::1");
      HttpResponse<String> r = get(lease, "http://media.test:" + outside.actualPort() + "/host");
      assertEquals(403, r.statusCode(), r.body());
      String why = lease.refusal().orElseThrow().en();
      assertTrue(why.contains("0:0:0:0:0:0:0:1") && why.contains("PULL_ALLOW"), why);
    } finally {
      MEDIA.set("127.0.0.1");
    }
    assertEquals(hits, INSIDE_HITS.get(), "the internal server was reached");
  }

  @Test
  void ffmpegReachesHttpsOnlyThroughTheEgress() throws Exception {
    MEDIA.set("127.0.0.1");
    try (Egress.Lease lease = egress.lease()) {
      // FFmpeg cannot resolve media.test itself: reading it works only through the egress's CONNECT.
      String out = ffmpeg(lease, "https://media.test:" + tls.actualPort() + "/clip.mp4");
      assertTrue(out.startsWith("0 "), out);
    }
    try (Egress.Lease lease = egress.lease()) {
      MEDIA.set("::1");
      String out = ffmpeg(lease, "https://media.test:" + tls.actualPort() + "/clip.mp4");
      assertNotEquals('0', out.charAt(0), out);
      assertTrue(lease.refusal().orElseThrow().en().contains("PULL_ALLOW"), lease.refusal().toString());
    } finally {
      MEDIA.set("127.0.0.1");
    }
  }

  @Test
  void ffmpegFollowingAPlaylistToAnInternalSegmentIsStoppedWithTheReasonKept() throws Exception {
    int hits = INSIDE_HITS.get();
    try (Egress.Lease lease = egress.lease()) {
      String out = ffmpeg(lease, "http://127.0.0.1:" + outside.actualPort() + "/sneaky.m3u8");
      String why = lease.refusal().orElseThrow(() -> new AssertionError("nothing refused; FFmpeg said " + out)).en();
      assertTrue(why.contains("inside.test") && why.contains("PULL_ALLOW"), why);
    }
    assertEquals(hits, INSIDE_HITS.get(), "the internal server was reached");
    try (Egress.Lease lease = egress.lease()) {
      // The same stream with its own segments plays through.
      String out = ffmpeg(lease, "http://127.0.0.1:" + outside.actualPort() + "/show.m3u8");
      assertTrue(out.startsWith("0 "), out);
      assertTrue(lease.refusal().isEmpty());
    }
  }

  @Test
  void rtmpAndSrtAreOpenedOnTheCheckedAddressTheirNameKeptForTheServer() {
    FfmpegInput rtmp = FfmpegInput.network(allow, "captureUrl", URI.create("rtmp://media.test:1935/live/room7?k=1"));
    assertEquals("rtmp://127.0.0.1:1935/live/room7?k=1", rtmp.url());
    assertEquals(List.of("-protocol_whitelist", "rtmp,tcp", "-rtmp_tcurl", "rtmp://media.test:1935/live"), rtmp.options());
    assertEquals("srt://127.0.0.1:9000?streamid=a", FfmpegInput.network(allow, "captureUrl",
      URI.create("srt://media.test:9000?streamid=a")).url());
    lianxin.http.ApiException refused = org.junit.jupiter.api.Assertions.assertThrows(lianxin.http.ApiException.class,
      () -> FfmpegInput.network(allow, "captureUrl", URI.create("rtmp://inside.test/live/x")));
    assertTrue(refused.getMessage().contains("captureUrl") && refused.getMessage().contains("PULL_ALLOW"), refused.getMessage());
  }
}
