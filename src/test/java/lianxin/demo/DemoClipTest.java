package lianxin.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo's stand-in recording as an exact FFmpeg argument list (DemoStartTest runs it for real). */
class DemoClipTest {

  @Test
  void aTestPatternWithAToneAsPhonesDeliverIt() {
    Path out = Path.of("/tmp/demo/clip.mp4");
    assertEquals(List.of("-y", "-v", "error", "-f", "lavfi", "-nostdin",
      "-i", "testsrc2=s=426x240:r=15:d=32[out0];sine=frequency=440:sample_rate=48000:duration=32[out1]",
      "-f", "mp4", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "30", "-pix_fmt", "yuv420p", "-g", "30",
      "-c:a", "aac", "-b:a", "64k", "-movflags", "+faststart", out.toString()),
      DemoClip.command(out, 32, 0).build());
  }

  @Test
  void eachEpisodeLooksAndSoundsItsOwn() {
    Path out = Path.of("/tmp/demo/clip.mp4");
    assertNotEquals(DemoClip.command(out, 30, 0).build(), DemoClip.command(out, 30, 1).build());
  }

  @Test
  void longEnoughForTheTranscriptWithinTwentyToFortySeconds() {
    assertEquals(32, DemoClip.seconds(30_000));
    assertEquals(29, DemoClip.seconds(26_500));
    assertEquals(20, DemoClip.seconds(5_000));
    assertEquals(40, DemoClip.seconds(600_000));
  }
}
