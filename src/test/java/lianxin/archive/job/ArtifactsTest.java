package lianxin.archive.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lianxin.archive.ffmpeg.Commands;
import lianxin.archive.ffmpeg.Probe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive's text files: master playlist, storyboard and chapter WebVTT. */
class ArtifactsTest {

  @Test
  void storyboardCuesPointIntoTheSpriteGrid() {
    String vtt = Artifacts.storyboard(25, 2);
    assertTrue(vtt.startsWith("WEBVTT\n"));
    assertTrue(vtt.contains("00:00:00.000 --> 00:00:02.000\nsprite.jpg#xywh=0,0,160,90"), vtt);
    assertTrue(vtt.contains("00:00:20.000 --> 00:00:22.000\nsprite.jpg#xywh=0,90,160,90"), vtt);
    assertTrue(vtt.contains("00:00:24.000 --> 00:00:25.000\nsprite.jpg#xywh=320,90,160,90"), vtt);
    assertEquals(10, Commands.columns(25, 2));
    assertEquals(2, Commands.rows(25, 2));
  }

  @Test
  void chaptersStartAtZeroAndKeepCandidatesApart() {
    String vtt = Artifacts.chapters(600, List.of(10.0, 30.0, 200.0, 598.0), List.of(400.0));
    assertTrue(vtt.contains("00:00:00.000 --> 00:03:20.000\n第1段 · 开始\n"), vtt);
    assertTrue(vtt.contains("00:03:20.000 --> 00:06:40.000\n第2段 · 画面切换\n"), vtt);
    assertTrue(vtt.contains("00:06:40.000 --> 00:10:00.000\n第3段 · 停顿后\n"), vtt);
    // One language: the titles residents read carry no English.
    assertFalse(vtt.replace("WEBVTT", "").replaceAll("chapter-\\d+", "").matches("(?s).*[A-Za-z].*"), vtt);
    assertFalse(vtt.contains("第4段"), vtt);
  }

  /** A rendition folder with segments of the given seconds and bytes. */
  static Path rendition(Path dir, String name, double[] seconds, int[] bytes) throws IOException {
    Path r = Files.createDirectories(dir.resolve(name));
    StringBuilder m = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:4\n#EXT-X-MAP:URI=\"init.mp4\"\n");
    Files.write(r.resolve("init.mp4"), new byte[5_000]);
    for (int i = 0; i < seconds.length; i++) {
      Files.write(r.resolve("seg" + i + ".m4s"), new byte[bytes[i]]);
      m.append("#EXTINF:").append(seconds[i]).append(",\nseg").append(i).append(".m4s\n");
    }
    Files.writeString(r.resolve("index.m3u8"), m.append("#EXT-X-ENDLIST\n"));
    return r.resolve("index.m3u8");
  }

  @Test
  void peakIsTheBusiestSegmentNotTheAverageAndNotALastSliver(@TempDir Path dir) throws IOException {
    // 100 kbps, then 200 kbps, then a 0.5 s sliver at 320 kbps that only counts together with the segment before it.
    Path playlist = rendition(dir, "v", new double[] {4, 4, 0.5}, new int[] {50_000, 100_000, 20_000});
    assertEquals(213_334, Artifacts.peak(playlist)); // (100,000 + 20,000) * 8 / 4.5, rounded up
    // Without the sliver: the 200 kbps segment, though the average is 150 kbps; the init segment is not counted.
    Path even = rendition(dir, "w", new double[] {4, 4}, new int[] {50_000, 100_000});
    assertEquals(200_000, Artifacts.peak(even));
  }

  @Test
  void masterListsEveryRungSmallestFirstWithItsMeasuredPeak(@TempDir Path dir) throws IOException {
    Probe hd = new Probe(12, 5_000_000, "h264", 1280, 720, "aac");
    rendition(dir, "v0", new double[] {4, 4, 4}, new int[] {1_000_000, 1_500_000, 900_000});
    rendition(dir, "a", new double[] {4, 4, 4}, new int[] {60_000, 61_000, 60_000});
    Files.createDirectories(dir.resolve("v1"));
    Files.createDirectories(dir.resolve("v2"));
    // Playable early: before the lower rungs are encoded, the master names the top and audio renditions only.
    assertEquals("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n"
      + "#EXT-X-STREAM-INF:BANDWIDTH=3000000,RESOLUTION=1280x720\nv0/index.m3u8\n"
      + "#EXT-X-STREAM-INF:BANDWIDTH=122000,CODECS=\"mp4a.40.2\"\na/index.m3u8\n", Artifacts.master(dir, hd));

    rendition(dir, "v1", new double[] {4, 4, 4}, new int[] {200_000, 240_000, 180_000});
    rendition(dir, "v2", new double[] {4, 4, 4}, new int[] {100_000, 110_000, 90_000});
    assertEquals("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n"
      + "#EXT-X-STREAM-INF:BANDWIDTH=220000,RESOLUTION=426x240\nv2/index.m3u8\n"
      + "#EXT-X-STREAM-INF:BANDWIDTH=480000,RESOLUTION=640x360\nv1/index.m3u8\n"
      + "#EXT-X-STREAM-INF:BANDWIDTH=3000000,RESOLUTION=1280x720\nv0/index.m3u8\n"
      + "#EXT-X-STREAM-INF:BANDWIDTH=122000,CODECS=\"mp4a.40.2\"\na/index.m3u8\n", Artifacts.master(dir, hd));
  }
}
