package lianxin.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The Markdown report, and what it says about the machine. */
final class Report {

  /** The target for cached reads. */
  static final double TARGET_RATIO = 0.8;
  static final double TARGET_P99_MS = 10;

  record Context(String seeded, double seedSeconds, String pgVersion, String duration, String warmup, int threads,
                 int connections, String javaOptions, String peakRss, String machine, List<String> sizes,
                 double otherWork) {
  }

  private Report() {
  }

  static String markdown(List<ScheduleBench.Row> rows, List<Wrk.Result> results, List<Long> cpuMicros, Context c) {
    double health = results.get(0).requestsPerSecond();
    StringBuilder md = new StringBuilder("### Schedule reads (`scripts/bench schedule`)\n\n");
    md.append("| endpoint | req/s | ratio to health | p50 | p99 | server CPU per request |\n")
      .append("|---|---:|---:|---:|---:|---:|\n");
    List<String> misses = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      Wrk.Result r = results.get(i);
      String label = rows.get(i).label();
      double ratio = r.requestsPerSecond() / health;
      md.append(String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %s | %s | %d µs |%n", label, r.requestsPerSecond(),
        ratio, ms(r.p50()), ms(r.p99()), cpuMicros.get(i)));
      if (rows.get(i).cached() && (ratio < TARGET_RATIO || r.p99() > TARGET_P99_MS)) {
        misses.add(label);
      }
      if (!r.clean()) {
        errors.add(String.format(Locale.ROOT, "%s: %,d non-2xx of %,d%s", label, r.non2xx(), r.requests(),
          r.socketErrors() == null ? "" : ", socket errors " + r.socketErrors()));
      }
    }
    md.append(String.format(Locale.ROOT, "%nTarget for cached reads: ≥ %.1f × health's req/s and p99 ≤ %.0f ms — %s.%n",
      TARGET_RATIO, TARGET_P99_MS, misses.isEmpty() ? "met by every cached row" : "missed by: " + String.join("; ", misses)));
    if (!errors.isEmpty()) {
      md.append("\nErrors during the runs: ").append(String.join("; ", errors)).append(".\n");
    }
    md.append("\n- Data: ").append(c.seeded()).append(String.format(Locale.ROOT, "; seeded in %.1f s.%n", c.seedSeconds()));
    md.append("- Bodies: ").append(String.join(", ", c.sizes())).append(".\n");
    md.append(String.format(Locale.ROOT, "- Load: `wrk -t%d -c%d -d%s --latency` over loopback, after a %s; "
        + "the server (`java %s`, its own process), PostgreSQL %s (embedded) and wrk share the machine. "
        + "Server CPU per request is the server JVM's CPU time over the run divided by the requests served "
        + "(PostgreSQL's share not included).%n",
      c.threads(), c.connections(), c.duration(), c.warmup(), c.javaOptions(), c.pgVersion()));
    md.append("- Server peak RSS (VmHWM, read after the last row): ").append(c.peakRss()).append(".\n");
    md.append("- Machine: ").append(c.machine()).append(String.format(Locale.ROOT,
      ".%n- Other work on the machine (not the bench, server, PostgreSQL or wrk) during the runs: %.0f%% of all cores.%n",
      c.otherWork()));
    if (c.otherWork() > 10) {
      md.append("- The machine was busy with other work, which took CPU from the server and wrk: the figures, "
        + "above all p99, come out worse than a quiet machine would give.\n");
    }
    return md.toString();
  }

  private static String ms(double millis) {
    return String.format(Locale.ROOT, millis < 10 ? "%.2f ms" : "%.1f ms", millis);
  }

  /** Cores, CPU model, memory, kernel and Java. */
  static String machine() {
    String model = field(Path.of("/proc/cpuinfo"), "model name");
    String memKb = field(Path.of("/proc/meminfo"), "MemTotal:");
    String memory = memKb == null ? "unknown memory"
      : String.format(Locale.ROOT, "%.1f GiB RAM", Long.parseLong(memKb.replace("kB", "").trim()) / 1024.0 / 1024.0);
    return String.format(Locale.ROOT, "%d cores (nproc), %s, %s, Linux %s, Java %s", Runtime.getRuntime().availableProcessors(),
      model == null ? "unknown CPU" : model, memory, System.getProperty("os.version"), System.getProperty("java.version"));
  }

  /**
   * CPU jiffies from /proc/stat: all, those spent in processes (user, nice, system) or stolen by the hypervisor,
   * and those of this JVM, everything it started and the PostgreSQL processes (whose postmaster pg_ctl detached).
   */
  record Cpu(long total, long busy, long ours) {

    static Cpu now(long postmaster) throws IOException {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < Math.min(f.length, 9); i++) {
        total += Long.parseLong(f[i]);
      }
      long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[8]);
      long ours = 0;
      for (long root : new long[] {ProcessHandle.current().pid(), postmaster}) {
        ours += ticks(root) + ProcessHandle.of(root).stream().flatMap(ProcessHandle::descendants)
          .mapToLong(p -> ticks(p.pid())).sum();
      }
      return new Cpu(total, busy, ours);
    }

    /** Share of all cores (%) busy with other work since {@code start}: what competed with the server and wrk. */
    double othersSince(Cpu start) {
      long all = total - start.total;
      long others = (busy - start.busy) - (ours - start.ours);
      return all <= 0 ? 0 : Math.max(0, 100.0 * others / all);
    }

    /** utime + stime + cutime + cstime: a process's own CPU and that of the children it has reaped. */
    private static long ticks(long pid) {
      try {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
      } catch (IOException | RuntimeException gone) {
        return 0;
      }
    }
  }

  /** The value after the colon of the first line of {@code file} starting with {@code name}, or null. */
  static String field(Path file, String name) {
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(name)) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      return null;
    }
    return null;
  }
}
