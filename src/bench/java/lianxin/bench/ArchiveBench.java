package lianxin.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import lianxin.archive.job.BenchRun;
import lianxin.support.Clips;

/**
 * {@code scripts/bench-archive}: Lianxin's archive pipeline against the naive baseline on one generated H.264/AAC
 * 1280x720 recording ({@code BENCH_SECONDS}, default 600), in the same run. Prints and writes a Markdown table.
 */
public final class ArchiveBench {

  private ArchiveBench() {
  }

  public static void main(String[] args) throws Exception {
    int seconds = Integer.parseInt(System.getenv().getOrDefault("BENCH_SECONDS", "600"));
    Path out = Path.of(args.length > 0 ? args[0] : "target/bench-archive.md");
    Path work = Files.createTempDirectory("lianxin-bench-archive");
    long t0 = System.nanoTime();
    Path src = Clips.video(work, "recording.mp4", seconds, 1280, 720);
    System.out.printf(Locale.ROOT, "generated a %d s 1280x720 H.264/AAC recording in %.1f s%n", seconds, (System.nanoTime() - t0) / 1e9);

    Sampler lx = new Sampler();
    BenchRun.Timing lianxin = lx.during(() -> BenchRun.lianxin(src, Files.createDirectories(work.resolve("lianxin"))));
    Sampler nv = new Sampler();
    BenchRun.Timing naive = nv.during(() -> BenchRun.naive(src, Files.createDirectories(work.resolve("naive"))));

    String table = String.format(Locale.ROOT, """
      | %d s 1280x720 H.264/AAC, %d cores | Lianxin | naive baseline |
      |---|---|---|
      | wall time | %.1f s | %.1f s |
      | ratio Lianxin / naive (target ≤ 0.30) | %.2f | |
      | playable after (fraction of duration, target ≤ 0.02) | %.1f s (%.4f) | %.1f s (%.4f) |
      | peak memory of FFmpeg processes (RSS, sampled every 100 ms) | %d MiB | %d MiB |
      """, seconds, Runtime.getRuntime().availableProcessors(), lianxin.total(), naive.total(), lianxin.total() / naive.total(),
      lianxin.playable(), lianxin.playable() / seconds, naive.playable(), naive.playable() / seconds,
      lx.peak.get() / 1024 / 1024, nv.peak.get() / 1024 / 1024);
    System.out.print(table);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, table);
    System.out.println("written to " + out);
  }

  interface Work {
    BenchRun.Timing run() throws IOException;
  }

  /** Peak total resident memory of this JVM's child processes (FFmpeg), from /proc. */
  static final class Sampler {
    final AtomicLong peak = new AtomicLong();

    BenchRun.Timing during(Work work) throws Exception {
      Thread t = new Thread(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          long sum = ProcessHandle.current().descendants().mapToLong(Sampler::rss).sum();
          peak.accumulateAndGet(sum, Math::max);
          try {
            Thread.sleep(100);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      t.setDaemon(true);
      t.start();
      try {
        return work.run();
      } finally {
        t.interrupt();
      }
    }

    static long rss(ProcessHandle p) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(p.pid()), "status"))) {
          if (line.startsWith("VmRSS:")) {
            return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
          }
        }
      } catch (IOException | RuntimeException e) {
        // the process ended between listing and reading
      }
      return 0;
    }
  }
}
