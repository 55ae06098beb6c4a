package lianxin.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Short recordings generated with FFmpeg's lavfi sources, the way a phone or a camera would deliver them. */
public final class Clips {

  private Clips() {
  }

  /** H.264/AAC MP4, {@code w}x{@code h}, starting with one black second (a poster must not pick it). */
  public static Path video(Path dir, String name, int seconds, int w, int h) {
    Path out = dir.resolve(name);
    ffmpeg("-f", "lavfi", "-i", "color=c=black:s=" + w + "x" + h + ":r=25:d=1",
      "-f", "lavfi", "-i", "testsrc2=s=" + w + "x" + h + ":r=25:d=" + (seconds - 1),
      "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=" + seconds,
      "-filter_complex", "[0:v][1:v]concat=n=2:v=1:a=0[v]", "-map", "[v]", "-map", "2:a",
      "-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k",
      "-movflags", "+faststart", out.toString());
    return out;
  }

  /** An audio-only M4A (AAC) with a sine tone. */
  public static Path audio(Path dir, String name, int seconds) {
    Path out = dir.resolve(name);
    ffmpeg("-f", "lavfi", "-i", "sine=frequency=330:sample_rate=48000:duration=" + seconds, "-c:a", "aac", "-b:a", "64k", out.toString());
    return out;
  }

  /** MPEG-4 Part 2 video with MP3 audio in AVI: nothing can be copied, both must be encoded. */
  public static Path legacy(Path dir, String name, int seconds) {
    Path out = dir.resolve(name);
    ffmpeg("-f", "lavfi", "-i", "smptebars=s=640x480:r=25:d=" + seconds, "-f", "lavfi", "-i", "sine=duration=" + seconds,
      "-c:v", "mpeg4", "-c:a", "libmp3lame", out.toString());
    return out;
  }

  public static void ffmpeg(String... args) {
    List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-y", "-v", "error"));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError("ffmpeg failed: " + command + "\n" + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
