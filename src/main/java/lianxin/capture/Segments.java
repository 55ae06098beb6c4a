package lianxin.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A capture's segments on disk: each run's folder holds {@code segNNNNN.ts} files and the CSV list FFmpeg appends
 * to as each one completes ({@code name,start,end} in stream seconds). Only listed segments are complete; a
 * segment being written when a node died is not listed and is left out (at most one segment lost).
 */
final class Segments {

  /** A run's folder and the wall-clock time its first bytes arrived. */
  record Run(Path dir, Instant firstOutput) {
  }

  record Segment(Path file, double start, double end) {
  }

  private Segments() {
  }

  /**
   * How far a run's segment may end past the next run's start and still count: the runs' wall-clock origins are
   * taken when FFmpeg starts (or its first bytes land), which is off by a second or so either way, and an ingest run
   * superseded by a returning publisher is stopped within about half a second of the new run's start.
   */
  static final long OVERLAP_MILLIS = 2000;

  /**
   * The segments to join, in order. A run's segments count when they end by the next run's start: an FFmpeg
   * orphaned by a killed node may go on writing after another node took over, and what overlaps is dropped.
   */
  static List<Path> kept(List<Run> runs) throws IOException {
    List<Path> kept = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      Run run = runs.get(i);
      Instant until = i + 1 < runs.size() ? runs.get(i + 1).firstOutput() : Instant.MAX;
      List<Segment> listed = listed(run.dir());
      if (listed.isEmpty()) {
        continue;
      }
      double origin = listed.get(0).start();
      for (Segment s : listed) {
        Instant end = wall(run, origin, s.end());
        if (!end.isAfter(until.equals(Instant.MAX) ? until : until.plusMillis(OVERLAP_MILLIS)) && s.end() > s.start()
            && Files.isRegularFile(s.file())) {
          kept.add(s.file());
        }
      }
    }
    return kept;
  }

  /** When the run's last complete segment ends, on the wall clock; null when none is complete. */
  static Instant lastEnd(Run run) throws IOException {
    List<Segment> listed = listed(run.dir());
    return listed.isEmpty() ? null : wall(run, listed.get(0).start(), listed.get(listed.size() - 1).end());
  }

  private static Instant wall(Run run, double origin, double seconds) {
    return run.firstOutput().plusMillis(Math.round((seconds - origin) * 1000));
  }

  /** The complete segments FFmpeg has listed in one run's folder. */
  static List<Segment> listed(Path runDir) throws IOException {
    Path csv = runDir.resolve("segments.csv");
    if (!Files.isRegularFile(csv)) {
      return List.of();
    }
    List<Segment> segments = new ArrayList<>();
    for (String line : Files.readAllLines(csv)) {
      String[] f = line.strip().split(",");
      if (f.length == 3 && f[0].matches("seg\\d+\\.ts")) {
        try {
          segments.add(new Segment(runDir.resolve(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])));
        } catch (NumberFormatException ignored) {
          // a line cut short by a crash: that segment is not complete
        }
      }
    }
    return segments;
  }

  /** Complete segments across all runs of a capture folder. */
  static int count(Path captureDir) throws IOException {
    if (!Files.isDirectory(captureDir)) {
      return 0;
    }
    int n = 0;
    try (Stream<Path> runs = Files.list(captureDir)) {
      for (Path run : runs.filter(Files::isDirectory).toList()) {
        n += listed(run).size();
      }
    }
    return n;
  }
}
