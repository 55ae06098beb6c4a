package lianxin.archive.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.util.List;
import lianxin.archive.ffmpeg.Commands;
import org.junit.jupiter.api.Test;

/** The archive's text files: storyboard and chapter WebVTT. */
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
}
