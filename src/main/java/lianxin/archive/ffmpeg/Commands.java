package lianxin.archive.ffmpeg;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lianxin.net.FfmpegInput;
import net.bramp.ffmpeg.builder.FFmpegBuilder;
import net.bramp.ffmpeg.builder.FFmpegOutputBuilder;

/**
 * Every FFmpeg command of the archive, as a plain value (unit-tested as argument lists in CommandsTest and run
 * for real on generated clips in PipelineTest). Outputs go into one recording's folder {@code dir}.
 */
public final class Commands {

  /** HLS segment length in seconds: short enough to start quickly on a weak connection. */
  static final int SEGMENT_SECONDS = 4;
  public static final int TOP_SIDE = 720;
  /**
   * The renditions below the top one, each only when the source is larger (never upscaled), in their folders:
   * 360p, and a 240p rung for 2G-class links (a few hundred kbps shared by a whole building's phones).
   */
  public static final List<Rung> LOWER = List.of(new Rung("v1", 360, false), new Rung("v2", 240, true));
  /**
   * The 240p rung's caps. x264's VBV keeps video at 150 kbps with a half-second buffer, so a 2 s segment peaks near
   * (2 + 0.5) * 150 / 2 = 188 kbps; with 48 kbps AAC and fMP4 framing the rung stays under ~250 kbps, and a 400 kbps
   * link carries it with room to spare.
   */
  static final String TINY_MAXRATE = "150k";
  static final String TINY_BUFSIZE = "75k";
  static final String TINY_AUDIO = "48k";
  /**
   * The 240p rung's segments are half as long as the others: a phone on a 2G-class link starts on it, and its first
   * picture waits for a whole first segment (about 50 KB, a second at 400 kbps, instead of two).
   */
  static final int TINY_SEGMENT_SECONDS = 2;
  /** Storyboard thumbnails: at most this many, in one sprite of up to 10 columns. */
  static final int THUMBS = 100;
  public static final int THUMB_W = 160;
  public static final int THUMB_H = 90;

  private Commands() {
  }

  /** A rendition below the top one: its folder, the length of its shorter side, and whether its rate is capped. */
  public record Rung(String dir, int side, boolean capped) {
  }

  /** The lower rungs this source gets: only those smaller than it. */
  public static List<Rung> lower(Probe probe) {
    return probe.hasVideo() ? LOWER.stream().filter(r -> r.side() < probe.shortSide()).toList() : List.of();
  }

  /**
   * The fast first pass: the top rendition (copied when H.264/AAC, else one 720p encode) and the audio-only
   * rendition, after which the archive is playable. Reads the source once; copies never decode.
   */
  public static FFmpegBuilder top(Path src, Path dir, Probe probe) {
    FFmpegBuilder b = base(src);
    if (probe.hasVideo()) {
      FFmpegOutputBuilder v = b.addOutput(dir.resolve("v0/index.m3u8").toString())
        .addExtraArgs("-map", "0:v:0");
      if (probe.hasAudio()) {
        v.addExtraArgs("-map", "0:a:0");
      }
      if (probe.copyVideo()) {
        v.addExtraArgs("-c:v", "copy");
      } else {
        v.addExtraArgs(encodeVideo(probe, Math.min(TOP_SIDE, probe.shortSide()), SEGMENT_SECONDS));
      }
      if (probe.hasAudio()) {
        v.addExtraArgs(audioCodec(probe));
      }
      hls(v, dir.resolve("v0"), SEGMENT_SECONDS);
    }
    FFmpegOutputBuilder a = b.addOutput(dir.resolve("a/index.m3u8").toString())
      .addExtraArgs("-map", "0:a:0", "-vn")
      .addExtraArgs(audioCodec(probe));
    hls(a, dir.resolve("a"), SEGMENT_SECONDS);
    return b;
  }

  /**
   * The one decode of the source: the lower rungs (360p, 240p: only those smaller than the source), the storyboard
   * sprite (every {@code interval} seconds) and scene-change scores for chapters, from one {@code split} of the
   * decoded frames.
   */
  public static FFmpegBuilder decodeOnce(Path src, Path dir, Probe probe, int interval) {
    List<Rung> rungs = lower(probe);
    int columns = columns(probe.duration(), interval);
    int rows = rows(probe.duration(), interval);
    List<String> graph = new ArrayList<>();
    StringBuilder split = new StringBuilder("[0:v]split=" + (rungs.size() + 2));
    for (Rung r : rungs) {
      split.append("[lo").append(r.side()).append(']');
    }
    split.append("[sb][sc]");
    graph.add(split.toString());
    for (Rung r : rungs) {
      graph.add("[lo" + r.side() + "]" + probe.scaleTo(r.side()) + "[v" + r.side() + "]");
    }
    // Thumbnails letterboxed to one size, so cue coordinates are a simple grid.
    graph.add("[sb]fps=1/" + interval + ",scale=" + THUMB_W + ":" + THUMB_H + ":force_original_aspect_ratio=decrease,"
      + "pad=" + THUMB_W + ":" + THUMB_H + ":(ow-iw)/2:(oh-ih)/2,tile=" + columns + "x" + rows + "[sprite]");
    // Scene scores go to a file through the metadata filter: the wrapper keeps FFmpeg's console to itself.
    graph.add("[sc]select='gt(scene,0.3)',metadata=mode=print:file=" + quoted(dir.resolve("scenes.txt")) + "[scenes]");

    FFmpegBuilder b = base(src).setComplexFilter(String.join(";", graph));
    for (Rung r : rungs) {
      FFmpegOutputBuilder lo = b.addOutput(dir.resolve(r.dir() + "/index.m3u8").toString())
        .addExtraArgs("-map", "[v" + r.side() + "]");
      if (probe.hasAudio()) {
        lo.addExtraArgs("-map", "0:a:0");
      }
      int seconds = r.capped() ? TINY_SEGMENT_SECONDS : SEGMENT_SECONDS;
      lo.addExtraArgs(encodeVideo(probe, 0, seconds));
      if (r.capped()) {
        // Capped, not only constant-quality: a busy picture must not push a 2G rung past what 2G carries.
        lo.addExtraArgs("-maxrate", TINY_MAXRATE, "-bufsize", TINY_BUFSIZE);
      }
      if (probe.hasAudio()) {
        lo.addExtraArgs(r.capped() ? new String[] {"-c:a", "aac", "-b:a", TINY_AUDIO} : audioCodec(probe));
      }
      hls(lo, dir.resolve(r.dir()), seconds);
    }
    b.addOutput(dir.resolve("sprite.jpg").toString())
      // One image: the tile filter emits the grid at the end, padded when there are fewer thumbnails.
      .addExtraArgs("-map", "[sprite]", "-frames:v", "1", "-q:v", "5", "-update", "1");
    b.addOutput("-").setFormat("null").addExtraArgs("-map", "[scenes]");
    return b;
  }

  /** A representative frame (the thumbnail filter skips black and near-duplicate frames) from a tenth in. */
  public static FFmpegBuilder poster(Path src, Path dir, Probe probe) {
    double at = Math.min(probe.duration() * 0.1, 60);
    int[] size = probe.sizeAt(Math.min(TOP_SIDE, probe.shortSide()));
    FFmpegBuilder b = base(src);
    // -ss before -i: a fast keyframe seek, then decode only the candidates.
    b.addExtraArgs("-ss", String.format(java.util.Locale.ROOT, "%.3f", at));
    b.addOutput(dir.resolve("poster.jpg").toString())
      .addExtraArgs("-map", "0:v:0", "-vf", "thumbnail=50,scale=" + size[0] + ":" + size[1], "-frames:v", "1",
        "-q:v", "3", "-update", "1");
    return b;
  }

  /**
   * A stream (HLS, RTMP, SRT) pulled as it is: every audio and video stream copied, no decoding, into Matroska,
   * which takes any codec and stays readable up to the last complete block if the pull is cut off. {@code in} is
   * an HLS playlist the pull has already copied and checked (FFmpeg may open files only) or an RTMP/SRT source
   * pinned to its checked address; either way FFmpeg opens nothing beyond the protocols the source needs.
   */
  public static FFmpegBuilder pull(FfmpegInput in, Path out) {
    FFmpegBuilder b = job()
      // Give up on a source silent for 30 s (microseconds) instead of waiting forever on a dead server.
      .addExtraArgs("-rw_timeout", "30000000")
      .addExtraArgs(in.options().toArray(String[]::new))
      .addInput(in.url());
    b.addOutput(out.toString())
      .setFormat("matroska")
      // '?': a source without audio (or without video) is still pulled; validate says what is missing.
      .addExtraArgs("-map", "0:v?", "-map", "0:a?", "-c", "copy");
    return b;
  }

  /** Silences of two seconds or more, as chapter candidates, written to silences.txt. */
  public static FFmpegBuilder silences(Path src, Path dir) {
    FFmpegBuilder b = base(src);
    b.addOutput("-").setFormat("null")
      .addExtraArgs("-map", "0:a:0", "-vn", "-af",
        "silencedetect=noise=-35dB:d=2,ametadata=mode=print:file=" + quoted(dir.resolve("silences.txt")));
    return b;
  }

  /** EBU R128 integrated loudness, written to loudness.txt (the last lavfi.r128.I value is the whole file's). */
  public static FFmpegBuilder loudness(Path src, Path dir) {
    FFmpegBuilder b = base(src);
    b.addOutput("-").setFormat("null")
      .addExtraArgs("-map", "0:a:0", "-vn", "-af",
        "ebur128=metadata=1,ametadata=mode=print:key=lavfi.r128.I:file=" + quoted(dir.resolve("loudness.txt")));
    return b;
  }

  /** The audio-only M4A for listening and the podcast feed: copied when already AAC. */
  public static FFmpegBuilder audio(Path src, Path dir, Probe probe) {
    FFmpegBuilder b = base(src);
    b.addOutput(dir.resolve("audio.m4a").toString())
      .setFormat("mp4")
      .addExtraArgs("-map", "0:a:0", "-vn")
      .addExtraArgs(audioCodec(probe))
      // moov first: players start before the whole file has arrived.
      .addExtraArgs("-movflags", "+faststart");
    return b;
  }

  /** The recording's first subtitle stream as WebVTT (transcript.vtt), imported as the episode's transcript. */
  public static FFmpegBuilder subtitles(Path src, Path dir) {
    FFmpegBuilder b = base(src);
    b.addOutput(dir.resolve("transcript.vtt").toString())
      .setFormat("webvtt")
      // Text subtitles only (mov_text, subrip, ass, webvtt); the encoder converts them, pictures it cannot.
      .addExtraArgs("-map", "0:s:0", "-c:s", "webvtt");
    return b;
  }

  public static int interval(double duration) {
    return Math.max(1, (int) Math.ceil(duration / THUMBS));
  }

  /** Thumbnails the fps filter emits: one at 0, then one per interval (and one more at a fractional end). */
  public static int thumbs(double duration, int interval) {
    return Math.max(1, (int) Math.ceil(duration / interval));
  }

  public static int columns(double duration, int interval) {
    return Math.min(10, thumbs(duration, interval));
  }

  public static int rows(double duration, int interval) {
    return (int) Math.ceil((double) thumbs(duration, interval) / columns(duration, interval));
  }

  private static FFmpegBuilder base(Path src) {
    return job().addInput(src.toString());
  }

  /** What every FFmpeg run of a job starts with: outputs overwritten, errors only, and no console. */
  public static FFmpegBuilder job() {
    return new FFmpegBuilder()
      .overrideOutputFiles(true)
      .setVerbosity(FFmpegBuilder.Verbosity.ERROR)
      // Never read the console: a job runs without one.
      .addExtraArgs("-nostdin");
  }

  private static void hls(FFmpegOutputBuilder out, Path dir, int seconds) {
    out.setFormat("hls").addExtraArgs(
      "-hls_time", String.valueOf(seconds),
      "-hls_playlist_type", "vod",
      "-hls_segment_type", "fmp4",
      "-hls_fmp4_init_filename", "init.mp4",
      "-hls_segment_filename", dir.resolve("seg%05d.m4s").toString(),
      "-hls_flags", "independent_segments");
  }

  /** H.264 for phones; {@code side} 0 keeps the size given by the filter graph. */
  private static String[] encodeVideo(Probe probe, int side, int segmentSeconds) {
    List<String> args = new ArrayList<>(List.of("-c:v", "libx264", "-profile:v", "main", "-pix_fmt", "yuv420p"));
    // setVideoPreset would emit -vpre (a preset file), which FFmpeg refuses; -preset is the x264 speed preset.
    args.addAll(List.of("-preset", "veryfast", "-crf", "23"));
    // A keyframe at every segment boundary, so segments are cut exactly and start independently.
    args.addAll(List.of("-force_key_frames", "expr:gte(t,n_forced*" + segmentSeconds + ")"));
    if (side > 0 && side < probe.shortSide()) {
      args.addAll(List.of("-vf", probe.scaleTo(side)));
    }
    return args.toArray(String[]::new);
  }

  private static String[] audioCodec(Probe probe) {
    return probe.copyAudio() ? new String[] {"-c:a", "copy"} : new String[] {"-c:a", "aac", "-b:a", "128k"};
  }

  /** A file path inside a filter graph: quoted, since paths may hold ':' or ','. */
  static String quoted(Path path) {
    String s = path.toString();
    if (s.contains("'")) {
      throw new IllegalArgumentException("MEDIA_DIR must not contain a quote: " + s);
    }
    return "'" + s + "'";
  }
}
