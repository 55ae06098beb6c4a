package lianxin.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import lianxin.support.Clips;
import org.junit.jupiter.api.Test;

/** Which segments of a capture's runs are joined: complete ones, and none that overlap the next run. */
class SegmentsTest {

  static Segments.Run run(Path dir, Instant first, String csv, String... files) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("segments.csv"), csv);
    for (String f : files) {
      Files.writeString(dir.resolve(f), "ts");
    }
    return new Segments.Run(dir, first);
  }

  @Test
  void anOrphanedRunsSegmentsAfterTheTakeoverAndAnUnlistedSegmentAreLeftOut() throws Exception {
    Path dir = Clips.tempDir("lianxin-segments");
    Instant t0 = Instant.parse("2031-01-01T12:00:00Z");
    // Run 1's FFmpeg went on after its node died (stream times start at 1.4 s, as a live source's do);
    // seg00003 was still being written, so it is not listed.
    Segments.Run one = run(dir.resolve("1"), t0, "seg00000.ts,1.400000,11.400000\nseg00001.ts,11.400000,21.400000\n"
      + "seg00002.ts,21.400000,31.400000\n", "seg00000.ts", "seg00001.ts", "seg00002.ts", "seg00003.ts");
    // Run 2 (the node that took over) got its first bytes 25 s in.
    Segments.Run two = run(dir.resolve("2"), t0.plusSeconds(25), "seg00000.ts,0.000000,10.000000\nseg00001.ts,10.000000,14.5\n",
      "seg00000.ts", "seg00001.ts");
    assertEquals(List.of(dir.resolve("1/seg00000.ts"), dir.resolve("1/seg00001.ts"), dir.resolve("2/seg00000.ts"),
      dir.resolve("2/seg00001.ts")), Segments.kept(List.of(one, two)));
    assertEquals(t0.plusSeconds(30), Segments.lastEnd(one));
    assertEquals(5, Segments.count(dir));
  }

  @Test
  void aRunStoppedJustAfterTheNextOneStartedKeepsItsLastSegment() throws Exception {
    Path dir = Clips.tempDir("lianxin-segments");
    Instant t0 = Instant.parse("2031-01-01T12:00:00Z");
    // The publisher came back on this node: run 1 was stopped about a second after run 2's FFmpeg started.
    Segments.Run one = run(dir.resolve("1"), t0, "seg00000.ts,0.000000,10.000000\nseg00001.ts,10.000000,16.000000\n",
      "seg00000.ts", "seg00001.ts");
    Segments.Run two = run(dir.resolve("2"), t0.plusSeconds(15), "seg00000.ts,0.000000,4.000000\n", "seg00000.ts");
    assertEquals(List.of(dir.resolve("1/seg00000.ts"), dir.resolve("1/seg00001.ts"), dir.resolve("2/seg00000.ts")),
      Segments.kept(List.of(one, two)));
  }

  @Test
  void aLineCutShortByACrashIsNotASegment() throws Exception {
    Path dir = Clips.tempDir("lianxin-segments");
    Segments.Run r = run(dir.resolve("1"), Instant.EPOCH, "seg00000.ts,0.000000,10.000000\nseg00001.ts,10.0000", "seg00000.ts", "seg00001.ts");
    assertEquals(1, Segments.listed(r.dir()).size());
  }
}
