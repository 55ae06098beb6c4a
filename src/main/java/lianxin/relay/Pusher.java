package lianxin.relay;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import lianxin.archive.ffmpeg.FfmpegRunner;
import lianxin.http.ApiException;
import lianxin.http.Text;
import lianxin.net.AllowList;
import lianxin.net.Egress;
import lianxin.net.FfmpegInput;

/**
 * One target of one live episode, on its own thread: runs the push, watches it every second (bytes reaching the
 * platform: connected; none for {@link #STALL_MILLIS}: stalled), and when it ends before it was told to stop, records
 * why (retrying) and starts again after a backoff that doubles from one second to the configured maximum (back to one
 * second after a push that held for a minute). Its state row is written as it goes; told to stop, it stops FFmpeg
 * (SIGINT, then SIGKILL) and marks the target off.
 */
final class Pusher {

  private static final Logger LOG = Logger.getLogger(Pusher.class.getName());
  /** Nothing reached the platform for this long while connected: a stall FFmpeg's own timeout did not end. */
  static final long STALL_MILLIS = 10_000;
  /**
   * Nothing sent this long after FFmpeg started: it is stuck reading a source with nothing in it (the publisher left)
   * or opening a platform, which its own timeouts did not end. Reading the source's first seconds comes first.
   */
  static final long START_MILLIS = 20_000;
  /** A push that held this long was a success: the next failure starts the backoff from its beginning. */
  private static final long STEADY_MILLIS = 60_000;

  /** What a push needs from its node. */
  record Tools(Pool pool, Sealer sealer, AllowList allow, Egress egress, String ffmpeg, Duration maxBackoff, String node) {
  }

  private final Tools tools;
  private final long episode;
  final RelayTarget target;
  private final String source;
  private final Thread thread;
  private volatile boolean stopping;
  private volatile Process process;

  Pusher(Tools tools, long episode, RelayTarget target, String source) {
    this.tools = tools;
    this.episode = episode;
    this.target = target;
    this.source = source;
    this.thread = new Thread(this::run, "relay-" + episode + "-" + target.id());
    this.thread.setDaemon(true);
  }

  /** Blocking: the state row, then the thread. */
  void start() {
    sql(RelaySql.STATE_START, Tuple.of(episode, target.id(), tools.node()));
    thread.start();
  }

  /** Blocking: FFmpeg stopped and the target marked off, within about ten seconds. */
  void stop() throws InterruptedException {
    stopping = true;
    thread.interrupt();
    Process p = process;
    if (p != null) {
      interrupt(p);
    }
    thread.join(12_000);
  }

  private void run() {
    long backoff = 1000;
    try {
      while (!stopping) {
        long started = System.currentTimeMillis();
        Text failure;
        try {
          failure = attempt();
        } catch (RuntimeException e) {
          // Named by its kind only: a message could quote the push URL.
          LOG.warning("relay " + episode + "/" + target.id() + ": " + e.getClass().getName());
          failure = Text.of("转推出错（" + e.getClass().getSimpleName() + "），重新连接。",
            "The relay failed (" + e.getClass().getSimpleName() + "); reconnecting.");
        }
        if (stopping) {
          break;
        }
        state(RelaySql.STATE_RETRYING, Tuple.of(episode, target.id(), tools.node(), clip(failure.zh()), clip(failure.en())));
        LOG.info("relay " + episode + "/" + target.id() + " (" + target.masked() + "): " + failure.en() + "; again in " + backoff + " ms");
        if (System.currentTimeMillis() - started > STEADY_MILLIS) {
          backoff = 1000;
        }
        Thread.sleep(backoff);
        backoff = Math.min(backoff * 2, tools.maxBackoff().toMillis());
      }
    } catch (InterruptedException e) {
      // told to stop while waiting
    } finally {
      // Told to stop mid-wait leaves the flag set, and a set flag would fail the last writes' waits.
      Thread.interrupted();
      stopProcess();
      state(RelaySql.STATE_OFF, Tuple.of(episode, target.id()));
    }
  }

  /** One FFmpeg run; the reason it ended. */
  private Text attempt() throws InterruptedException {
    URI url;
    try {
      url = URI.create(tools.sealer().open(target.sealed(), target.roomId()));
    } catch (Sealer.Unsealable e) {
      return Text.of("推流地址无法解密（" + e.getMessage() + "），请重新填写。",
        "The push URL cannot be decrypted (" + e.getMessage() + "); enter it again.");
    }
    boolean tls = url.getScheme().equalsIgnoreCase("rtmps");
    try (Egress.Lease lease = tls ? tools.egress().lease() : null) {
      // Checked again now: the name may resolve elsewhere than when it was saved. RTMP goes to the address checked.
      tools.allow().checkNow("pushUrl", url);
      FfmpegInput out = FfmpegInput.network(tools.allow(), "pushUrl", url);
      List<String> args = new ArrayList<>(List.of(tools.ffmpeg()));
      args.addAll(RelayCommands.push(source, out).build());
      ProcessBuilder builder = new ProcessBuilder(args).redirectErrorStream(true);
      if (lease != null) {
        FfmpegRunner.environment(builder, lease.environment());
      }
      return watch(builder.start(), url, out.url());
    } catch (ApiException refused) {
      return refused.text();
    } catch (IOException e) {
      return Text.of("无法启动 FFmpeg：" + e.getMessage(), "FFmpeg cannot be started: " + e.getMessage());
    }
  }

  /** The run watched every second until it ends, stalls or is told to stop; the reason it ended. */
  private Text watch(Process p, URI url, String pinned) throws InterruptedException {
    process = p;
    AtomicLong total = new AtomicLong();
    Deque<String> said = new ArrayDeque<>();
    Thread reader = new Thread(() -> read(p, total, said), thread.getName() + "-out");
    reader.setDaemon(true);
    reader.start();
    long reported = 0;
    long startedAt = System.currentTimeMillis();
    long lastAt = startedAt;
    long grewAt = lastAt;
    boolean connected = false;
    try {
      while (!stopping) {
        boolean exited = p.waitFor(1, TimeUnit.SECONDS);
        long now = System.currentTimeMillis();
        long bytes = total.get();
        if (bytes > reported) {
          int kbps = (int) Math.min(Integer.MAX_VALUE, (bytes - reported) * 8 / Math.max(1, now - lastAt));
          state(RelaySql.STATE_CONNECTED, Tuple.of(episode, target.id(), tools.node(), kbps, bytes - reported));
          connected = true;
          reported = bytes;
          lastAt = now;
          grewAt = now;
        } else {
          state(RelaySql.STATE_ALIVE, Tuple.of(episode, target.id()));
        }
        if (exited) {
          reader.join(2000);
          String last;
          synchronized (said) {
            last = said.isEmpty() ? null : said.getLast();
          }
          return Reasons.ended(p.exitValue(), last, List.of(url.toString(), pinned), source, connected);
        }
        if (connected && now - grewAt > STALL_MILLIS) {
          return Text.of("平台停止接收数据超过 " + STALL_MILLIS / 1000 + " 秒，重新连接。",
            "The platform took no data for " + STALL_MILLIS / 1000 + " s; reconnecting.");
        }
        if (!connected && now - startedAt > START_MILLIS) {
          return Text.of(START_MILLIS / 1000 + " 秒内没有推出任何数据（直播源无画面或平台无响应），重新连接。",
            "Nothing was sent within " + START_MILLIS / 1000 + " s (no picture from the source, or no answer from the platform); reconnecting.");
        }
      }
      return Text.of("已停止。", "Stopped.");
    } finally {
      stopProcess();
      process = null;
    }
  }

  /** stdout and stderr together: progress lines (key=value) counted, the others kept (the last few) for the reason. */
  private static void read(Process p, AtomicLong total, Deque<String> said) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("total_size=")) {
          try {
            total.set(Long.parseLong(line.substring(11).strip()));
          } catch (NumberFormatException notYet) {
            // N/A before the output is open
          }
        } else if (!line.matches("[a-z_0-9]+=.*")) {
          synchronized (said) {
            said.addLast(line.length() > 400 ? line.substring(0, 400) : line);
            if (said.size() > 8) {
              said.removeFirst();
            }
          }
        }
      }
    } catch (IOException e) {
      // the process is gone
    }
  }

  private void stopProcess() {
    Process p = process;
    if (p == null || !p.isAlive()) {
      return;
    }
    interrupt(p);
    try {
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** SIGINT: FFmpeg closes its outputs properly (the platform sees the stream end), as on Ctrl-C. */
  private static void interrupt(Process p) {
    try {
      new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(2, TimeUnit.SECONDS);
    } catch (IOException e) {
      p.destroy();
    } catch (InterruptedException e) {
      p.destroy();
      Thread.currentThread().interrupt();
    }
  }

  private static String clip(String s) {
    return s.length() > 1000 ? s.substring(0, 999) + "…" : s;
  }

  /**
   * A state write. Only the first (in {@link #start}) must succeed; later ones are best effort: a database that is away
   * for a moment must not stop a push that is going well (the row reads off after 20 s and is right again once written).
   */
  private void sql(String sql, Tuple args) {
    tools.pool().preparedQuery(sql).execute(args).await();
  }

  private void state(String sql, Tuple args) {
    try {
      sql(sql, args);
    } catch (RuntimeException e) {
      LOG.warning("relay " + episode + "/" + target.id() + ": state not written: " + e.getMessage());
    }
  }
}
