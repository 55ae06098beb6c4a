package lianxin.capture;

import java.nio.file.Path;
import lianxin.archive.ffmpeg.Commands;
import lianxin.net.FfmpegInput;
import net.bramp.ffmpeg.builder.FFmpegBuilder;

/** Capture's FFmpeg commands as plain values (argument lists tested in CaptureCommandsTest). */
final class CaptureCommands {

  /** Segment length in seconds: what a crash of the recording node can lose at most. */
  static final int SEGMENT_SECONDS = 10;

  private CaptureCommands() {
  }

  /**
   * One run of a capture: the live source copied (no decoding) into MPEG-TS segments plus a CSV list that FFmpeg
   * appends to as each segment completes, so only complete segments are ever listed. {@code seconds} caps the
   * run at the window's end, so an FFmpeg orphaned by a killed node stops by itself. {@code source} carries the
   * protocols FFmpeg may open from there ({@link FfmpegInput}).
   */
  static FFmpegBuilder record(FfmpegInput source, boolean file, Path runDir, long seconds) {
    FFmpegBuilder b = Commands.job();
    if (file) {
      // A file is read at its own pace, as if it were live; otherwise it would be over in a moment.
      b.addExtraArgs("-re");
    } else {
      // A source silent for 10 s (microseconds) ends the run; the capture reconnects and records the gap.
      b.addExtraArgs("-rw_timeout", "10000000");
    }
    return segments(b, source, runDir, seconds);
  }

  /**
   * One run of a capture from Lianxin's own ingest (loopback nginx) at {@code source}: as {@link #record}, but a
   * publisher gone for 2 s ends it. FFmpeg blocked in a read does not answer SIGINT until the read times out, and the
   * segment it was writing is listed only if it ends by itself.
   */
  static FFmpegBuilder ingest(String source, Path runDir, long seconds) {
    return segments(Commands.job(), FfmpegInput.ingest(source, 2_000_000), runDir, seconds);
  }

  private static FFmpegBuilder segments(FFmpegBuilder b, FfmpegInput source, Path runDir, long seconds) {
    b.addExtraArgs(source.options().toArray(String[]::new));
    b.addInput(source.url());
    b.addOutput(runDir.resolve("seg%05d.ts").toString())
      .setFormat("segment")
      // '?': a source without audio (or video) is still recorded; the archive job says what is missing.
      .addExtraArgs("-map", "0:v?", "-map", "0:a?", "-c", "copy")
      .addExtraArgs("-t", String.valueOf(Math.max(1, seconds)))
      .addExtraArgs("-segment_time", String.valueOf(SEGMENT_SECONDS), "-segment_format", "mpegts")
      .addExtraArgs("-segment_list", runDir.resolve("segments.csv").toString(), "-segment_list_type", "csv");
    return b;
  }

  /** The capture's kept segments, in order, joined without re-encoding into one Matroska original. */
  static FFmpegBuilder join(Path list, Path out) {
    FFmpegBuilder b = Commands.job()
      // The list names absolute paths under MEDIA_DIR, which the concat demuxer calls unsafe by default.
      .setFormat("concat")
      .addExtraArgs("-safe", "0")
      .addInput(list.toString());
    b.addOutput(out.toString())
      .setFormat("matroska")
      .addExtraArgs("-map", "0:v?", "-map", "0:a?", "-c", "copy");
    return b;
  }
}
