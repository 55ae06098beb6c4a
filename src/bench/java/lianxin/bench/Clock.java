package lianxin.bench;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live bench's burned-in clock. The publisher draws each frame's number into the top-left of its picture as
 * 18 cells of 32x32 pixels: a white cell, the number's 16 bits (white for 1), a white cell. It makes frames in real
 * time, as a camera does, so frame n is taken at the stream's start plus n ÷ 25 s; its {@code -progress}, every 0.1 s,
 * gives the start (the least of "now − sent so far" over its reports) and shows whether it kept up with real time (the
 * most). A phone playing the episode page reads the cells of every frame it shows ({@code requestVideoFrameCallback},
 * then a canvas), so glass to glass is read from the picture itself.
 */
final class Clock {

  static final int FPS = 25;
  static final int CELL = 32;
  static final int WATCH_SECONDS = 20;

  /** Over the publisher's progress reports, the least and the most of (now − sent so far), epoch microseconds. */
  private final AtomicLong zero = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong latest = new AtomicLong(Long.MIN_VALUE);
  /** (now − sent so far) at the newest report, epoch microseconds. */
  private final AtomicLong last = new AtomicLong();
  private final AtomicLong markSent = new AtomicLong();

  private Clock() {
  }

  /**
   * FFmpeg publishing to {@code url} as OBS would (720p at 25 fps, 2.5 Mbps, a keyframe every 2 s, AAC 128 kbps, in
   * real time), the clock's cells on every frame, the picture red from {@code markSeconds} on, and progress every
   * 0.1 s on its standard output.
   */
  static List<String> publisher(String url, int markSeconds) {
    String cell = "floor(X/" + CELL + ")";
    String bit = "16+219*mod(floor(N/pow(2," + cell + "-1)),2)";
    String cells = "geq=lum='if(eq(" + cell + ",0)+eq(" + cell + ",17),235," + bit + ")':cb=128:cr=128";
    return List.of("ffmpeg", "-nostdin", "-v", "error", "-re", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=" + FPS,
      "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
      "-filter_complex", "[0:v]format=yuv420p,drawbox=x=0:y=0:w=iw:h=ih:color=red:t=fill:enable='gte(t," + markSeconds
        + ")',split[picture][strip];[strip]crop=" + 18 * CELL + ":" + CELL + ":0:0," + cells + "[clock];"
        + "[picture][clock]overlay=0:0[v]",
      "-map", "[v]", "-map", "1:a", "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-b:v", "2500k",
      "-maxrate", "2500k", "-bufsize", "5000k", "-g", String.valueOf(2 * FPS), "-pix_fmt", "yuv420p", "-c:a", "aac",
      "-b:a", "128k", "-progress", "pipe:1", "-stats_period", "0.1", "-f", "flv", url);
  }

  /** Follows the publisher's progress on a daemon thread. */
  static Clock follow(Process publisher, int markSeconds) {
    Clock clock = new Clock();
    Thread progress = new Thread(() -> {
      try (var lines = new BufferedReader(new InputStreamReader(publisher.getInputStream()))) {
        String line;
        while ((line = lines.readLine()) != null) {
          if (line.startsWith("out_time_us=") && !line.endsWith("N/A")) {
            long sent = Long.parseLong(line.substring(12));
            long start = System.currentTimeMillis() * 1000 - sent;
            clock.zero.accumulateAndGet(start, Math::min);
            clock.latest.accumulateAndGet(start, Math::max);
            clock.last.set(start);
            if (clock.markSent.get() == 0 && sent >= markSeconds * 1_000_000L) {
              clock.markSent.set(System.nanoTime());
            }
          }
        }
      } catch (IOException | NumberFormatException ignored) {
        // the publisher ended
      }
    }, "publisher-progress");
    progress.setDaemon(true);
    progress.start();
    return clock;
  }

  /** {@link System#nanoTime()} when the publisher had sent the red mark's second (0 before). */
  long markSent() {
    return markSent.get();
  }

  /** Epoch milliseconds when frame {@code n} was taken. */
  double takenAt(long n) {
    return zero.get() / 1000.0 + n * 1000.0 / FPS;
  }

  /** Seconds the publisher fell behind real time at worst (a busy machine, or nginx-rtmp not reading yet). */
  double publisherLag() {
    return (latest.get() - zero.get()) / 1e6;
  }

  /** Seconds the publisher is behind real time now: a frame taken now leaves it this much later. */
  double publisherLagNow() {
    return (last.get() - zero.get()) / 1e6;
  }

  /** Reads the cells of each frame the page's video shows for {@code ms}: [epoch ms shown, frame number, width]. */
  static final String READ = """
    ms => new Promise(done => {
      const v = document.querySelector('video'), c = document.createElement('canvas');
      const g = c.getContext('2d', { willReadFrequently: true }), seen = [], until = performance.now() + ms;
      function frame(_now, meta) {
        const s = v.videoWidth / 1280, h = Math.max(1, Math.round(%d * s));
        c.width = v.videoWidth; c.height = h;
        g.drawImage(v, 0, 0, v.videoWidth, h, 0, 0, v.videoWidth, h);
        const row = g.getImageData(0, 0, v.videoWidth, h).data, y = Math.floor(h / 2);
        const white = k => { const i = 4 * (y * v.videoWidth + Math.floor((k + 0.5) * %d * s)); return row[i] + row[i + 1] + row[i + 2] > 384 };
        if (white(0) && white(17)) {
          let n = 0;
          for (let k = 1; k <= 16; k++) if (white(k)) n += 2 ** (k - 1);
          seen.push([performance.timeOrigin + meta.expectedDisplayTime, n, v.videoWidth]);
        }
        if (performance.now() < until) v.requestVideoFrameCallback(frame); else done(seen);
      }
      v.requestVideoFrameCallback(frame);
    })""".formatted(CELL, CELL);

  /** A browser that estimates its link at 10 Mbps (Chromium's navigator.connection), as a phone on 4G or Wi-Fi would. */
  static final String GOOD_LINK =
    "Object.defineProperty(Navigator.prototype, 'connection', { get: () => ({ downlink: 10, effectiveType: '4g' }) });";

  /**
   * A phone (390x844, Debian's Chromium, its link not throttled; {@code initScript}, if any, runs before the page's own)
   * opens {@code page}, taps 播放, and reads the clock of every frame shown for {@link #WATCH_SECONDS} once the picture
   * moves.
   */
  static Seen watch(String page, Clock clock, String initScript) {
    try (Playwright playwright = lianxin.support.Browser.playwright();
         Browser browser = lianxin.support.Browser.launch(playwright, ResidentBench.CHROMIUM);
         BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844)
           .setIsMobile(true).setHasTouch(true).setLocale("zh-CN").setTimezoneId("Asia/Shanghai"))) {
      context.setDefaultTimeout(60_000);
      if (initScript != null) {
        context.addInitScript(initScript);
      }
      Page p = context.newPage();
      p.navigate(page);
      p.locator("button.play").click();
      p.waitForFunction("() => { const v = document.querySelector('video'); return v && !v.paused && v.readyState >= 3"
        + " && v.currentTime > 0 }", null, new Page.WaitForFunctionOptions().setTimeout(60_000));
      String segments = p.locator("[data-testid=live-player]").getAttribute("data-start-segments");
      @SuppressWarnings("unchecked")
      List<List<Number>> frames = (List<List<Number>>) p.evaluate(READ, WATCH_SECONDS * 1000);
      double behind = ((Number) p.evaluate("() => { const v = document.querySelector('video');"
        + " return v.seekable.end(v.seekable.length - 1) - v.currentTime }")).doubleValue();
      List<Double> delays = new ArrayList<>();
      int width = 0;
      for (List<Number> f : frames) {
        delays.add((f.get(0).doubleValue() - clock.takenAt(f.get(1).longValue())) / 1000);
        width = f.get(2).intValue();
      }
      if (delays.isEmpty()) {
        throw new IllegalStateException("the phone showed no frame whose clock could be read");
      }
      return new Seen(delays.stream().sorted().toList(), width, segments, behind, clock.publisherLagNow());
    }
  }

  /**
   * Glass-to-glass delays in seconds (sorted), the rendition's width, the player's start (segments behind the edge),
   * how far behind the newest listed segment's end it played at the end, and how far the publisher was behind real
   * time then (seconds).
   */
  record Seen(List<Double> delays, int width, String startSegments, double behind, double publisherLag) {

    double median() {
      return delays.get(delays.size() / 2);
    }

    String range() {
      return String.format(Locale.ROOT, "%.1f–%.1f s over %d frames", delays.get(0), delays.get(delays.size() - 1),
        delays.size());
    }

    /** What the report's row says of the player. */
    String player() {
      return String.format(Locale.ROOT, "started %s segments behind the edge, %d px wide rendition, %.1f s behind the"
        + " newest listed segment at the end; the publisher %.2f s behind real time", startSegments, width, behind,
        publisherLag);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "median %.2f s, %s; %s", median(), range(), player());
    }
  }
}
