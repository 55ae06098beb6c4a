package lianxin.relay;

import lianxin.archive.ffmpeg.Commands;
import lianxin.net.FfmpegInput;
import net.bramp.ffmpeg.builder.FFmpegBuilder;

/** The relay's FFmpeg command as a plain value (its argument list is tested in RelayCommandsTest). */
final class RelayCommands {

  /** Microseconds without a byte from the ingest before the relay gives up on it (the publisher is gone). */
  static final long SOURCE_TIMEOUT = 5_000_000;
  /** Microseconds a platform may block a read or write (a stalled server) before this push fails and reconnects. */
  static final long TARGET_TIMEOUT = 3_000_000;

  private RelayCommands() {
  }

  /**
   * One platform's push: the ingest's stream copied as it is (no decoding) to {@code target}, in FLV as RTMP
   * carries it. One process per target: a platform that refuses or stalls ends only its own process, and its state
   * (connected, bytes sent, the last error) is that process's. Progress comes on stdout once a second.
   */
  static FFmpegBuilder push(String source, FfmpegInput target) {
    // Without the read timeout the relay hangs forever once the publisher dies (checked: FACTS.md, RTMP ingest).
    FfmpegInput ingest = FfmpegInput.ingest(source, SOURCE_TIMEOUT);
    FFmpegBuilder b = Commands.job()
      // key=value lines every second: total_size is what reached the platform's socket.
      .addExtraArgs("-progress", "pipe:1", "-stats_period", "1")
      .addExtraArgs(ingest.options().toArray(String[]::new));
    b.addInput(ingest.url());
    b.addOutput(target.url())
      .setFormat("flv")
      // '?': a source without audio (or video) is still relayed.
      .addExtraArgs("-map", "0:v?", "-map", "0:a?", "-c", "copy")
      // A live FLV has no duration or size to write back at the start (RTMP cannot seek).
      .addExtraArgs("-flvflags", "no_duration_filesize")
      .addExtraArgs("-rw_timeout", String.valueOf(TARGET_TIMEOUT))
      // The target's protocols (and for RTMP its address, pinned when it was checked, with the name as tcUrl).
      .addExtraArgs(target.options().toArray(String[]::new));
    return b;
  }
}
