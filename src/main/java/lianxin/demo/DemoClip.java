package lianxin.demo;

import java.nio.file.Path;
import java.util.List;
import lianxin.archive.ffmpeg.Commands;
import net.bramp.ffmpeg.builder.FFmpegBuilder;

/**
 * The stand-in recording of a demo episode: an FFmpeg test pattern with a tone, generated at first start rather than
 * kept in the repository. Shaped like what a phone delivers (H.264/AAC MP4), so the archive copies it into HLS as it
 * would a host's upload. Small and cheap: 426x240 at 15 frames a second with x264 ultrafast is under a second of CPU
 * and 0.2–2 MB for 30 s, and at 240p the archive makes no smaller rung, so its work is a copy and a few quick passes
 * and the demo plays soon after start even on a busy two-core machine.
 */
final class DemoClip {

  static final int SHORTEST = 20;
  static final int LONGEST = 40;
  /** A different picture and pitch for each episode, so their posters and storyboards tell them apart. */
  private static final List<String> PATTERNS = List.of("testsrc2", "smptehdbars", "testsrc", "rgbtestsrc", "pal100bars", "yuvtestsrc");
  private static final List<Integer> TONES = List.of(440, 392, 523, 349, 587, 330);

  private DemoClip() {
  }

  /** Long enough for the transcript ({@code lastCueMs}) and two quiet seconds more, within 20–40 s. */
  static int seconds(long lastCueMs) {
    return (int) Math.max(SHORTEST, Math.min(LONGEST, Math.ceil(lastCueMs / 1000.0) + 2));
  }

  /** {@code look}: which pattern and tone (any number; they repeat). */
  static FFmpegBuilder command(Path out, int seconds, int look) {
    String pattern = PATTERNS.get(Math.floorMod(look, PATTERNS.size()));
    int tone = TONES.get(Math.floorMod(look, TONES.size()));
    // One lavfi graph with two outputs: out0 the picture, out1 the sound; both end after {@code seconds}.
    String graph = pattern + "=s=426x240:r=15:d=" + seconds + "[out0];sine=frequency=" + tone + ":sample_rate=48000:duration="
      + seconds + "[out1]";
    return Commands.job()
      .setFormat("lavfi")
      .addInput(graph)
      .addOutput(out.toString())
      .setFormat("mp4")
      .addExtraArgs("-c:v", "libx264", "-preset", "ultrafast", "-crf", "30", "-pix_fmt", "yuv420p")
      // A keyframe every 2 s: the archive copies the video and cuts 4 s HLS segments only at keyframes.
      .addExtraArgs("-g", "30")
      .addExtraArgs("-c:a", "aac", "-b:a", "64k")
      // moov first, as phones write it.
      .addExtraArgs("-movflags", "+faststart")
      .done();
  }
}
