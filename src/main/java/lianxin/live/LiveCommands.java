package lianxin.live;

import java.nio.file.Path;
import lianxin.archive.ffmpeg.Commands;
import lianxin.net.FfmpegInput;
import net.bramp.ffmpeg.builder.FFmpegBuilder;

/** Live ingest's FFmpeg commands as plain values (argument lists tested in LiveCommandsTest). */
final class LiveCommands {

  /** Live segment length in seconds: the delay a player at the live edge sees is about two of these. */
  static final int SEGMENT_SECONDS = 2;
  /** Segments each live playlist keeps (older ones are deleted): 20 s a late player may start back. */
  static final int LIST_SIZE = 10;

  private LiveCommands() {
  }

  /**
   * The residents' live stream from this node's nginx: one process, one decode, three renditions in HLS under
   * {@code dir} ({@code master.m3u8}, {@code src/}, {@code 360p/}, {@code audio/}): the source copied, a 360p
   * transcode for weak signals, and audio only.
   */
  static FFmpegBuilder hls(String source, Path dir) {
    return hls(source, dir, false);
  }

  /**
   * As {@link #hls(String, Path)}; {@code again}: a run after one that ended, which probes as long as FFmpeg does by
   * default. A run joins a stream already under way, and nginx-rtmp sends a late reader no video before the
   * publisher's next keyframe (2 s or more): with a short probe it found audio alone ({@code Stream specifier ':v' ...
   * matches no streams}). The first run plays before the publisher's first packet (the publish waits for it), so it
   * has the headers and the first keyframe at once and half a second of probing is enough.
   */
  static FFmpegBuilder hls(String source, Path dir, boolean again) {
    String probe = again ? "5000000" : "500000";
    // A publisher gone for 2 s ends the run.
    FfmpegInput ingest = FfmpegInput.ingest(source, 2_000_000);
    FFmpegBuilder b = Commands.job()
      .addExtraArgs(ingest.options().toArray(String[]::new))
      // Every second of probing here is a second residents wait for the first playlist.
      .addExtraArgs("-analyzeduration", probe, "-probesize", probe)
      .addInput(ingest.url());
    b.addOutput(dir.resolve("%v/index.m3u8").toString())
      .setFormat("hls")
      .addExtraArgs("-filter_complex", "[0:v]scale=-2:360[v360]")
      .addExtraArgs("-map", "0:v", "-map", "0:a", "-map", "[v360]", "-map", "0:a", "-map", "0:a")
      .addExtraArgs("-c:v:0", "copy", "-c:a", "copy")
      // A live transcode keeps the source's timestamps: no frames duplicated or dropped to fill a rate.
      .addExtraArgs("-fps_mode", "passthrough")
      // zerolatency: no lookahead or frame threads holding frames back; the muxer interleaves all renditions, so a
      // late 360p encode would hold the copied source's segments back too.
      .addExtraArgs("-c:v:1", "libx264", "-preset", "veryfast", "-tune:v:1", "zerolatency")
      .addExtraArgs("-b:v:1", "600k", "-maxrate:v:1", "700k",
        "-bufsize:v:1", "1200k", "-pix_fmt", "yuv420p")
      // Keyframes on the segment boundary, so the 360p segments line up with the copied ones.
      .addExtraArgs("-force_key_frames:v:1", "expr:gte(t,n_forced*" + SEGMENT_SECONDS + ")", "-sc_threshold", "0")
      .addExtraArgs("-hls_time", String.valueOf(SEGMENT_SECONDS), "-hls_list_size", String.valueOf(LIST_SIZE))
      // A restarted process (the publisher came back) continues the same playlists with a discontinuity, and
      // the playlists never say the stream ended: players keep waiting through the gap.
      .addExtraArgs("-hls_flags", "delete_segments+append_list+discont_start+omit_endlist+independent_segments")
      .addExtraArgs("-hls_segment_filename", dir.resolve("%v/seg%05d.ts").toString())
      .addExtraArgs("-master_pl_name", "master.m3u8")
      .addExtraArgs("-var_stream_map", "v:0,a:0,name:src v:1,a:1,name:360p a:2,name:audio");
    return b;
  }
}
