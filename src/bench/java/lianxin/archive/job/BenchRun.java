package lianxin.archive.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import net.bramp.ffmpeg.builder.FFmpegBuilder;
import lianxin.archive.ffmpeg.Commands;
import lianxin.archive.ffmpeg.FfmpegRunner;
import lianxin.archive.ffmpeg.Probe;

/**
 * For the archive benchmark (lianxin.bench.ArchiveBench): Lianxin's stages as the job runs them (the same
 * {@link Commands}, without the database), and the naive baseline: one FFmpeg per rendition, each decoding and
 * re-encoding, plus separate poster and storyboard runs.
 */
public final class BenchRun {

  /** Seconds from the start until the archive was playable (master + top rendition), and until everything was done. */
  public record Timing(double playable, double total) {
  }

  private BenchRun() {
  }

  public static Timing lianxin(Path src, Path dir) throws IOException {
    lianxin.Config config = lianxin.Config.fromEnv(System.getenv());
    FfmpegRunner tools = new FfmpegRunner(config.ffmpeg(), config.ffprobe());
    long start = System.nanoTime();
    Path logs = Files.createDirectories(dir.resolve("logs"));
    for (String r : List.of("v0", "v1", "v2", "a")) {
      Files.createDirectories(dir.resolve(r));
    }
    Probe p = Probe.of(tools.probe(src, logs.resolve("probe.log")));
    Pipeline.validate(p);
    int interval = Commands.interval(p.duration());
    tools.run(Commands.top(src, dir, p), logs.resolve("top.log"), null);
    Artifacts.write(dir.resolve("master.m3u8"), Artifacts.master(dir, p));
    double playable = seconds(start);
    tools.run(Commands.decodeOnce(src, dir, p, interval), logs.resolve("decode.log"), null);
    Artifacts.write(dir.resolve("master.m3u8"), Artifacts.master(dir, p));
    tools.run(Commands.poster(src, dir, p), logs.resolve("poster.log"), null);
    Artifacts.write(dir.resolve("storyboard.vtt"), Artifacts.storyboard(p.duration(), interval));
    tools.run(Commands.silences(src, dir), logs.resolve("silences.log"), null);
    tools.run(Commands.loudness(src, dir), logs.resolve("loudness.log"), null);
    tools.run(Commands.audio(src, dir, p), logs.resolve("audio.log"), null);
    return new Timing(playable, seconds(start));
  }

  public static Timing naive(Path src, Path dir) throws IOException {
    lianxin.Config config = lianxin.Config.fromEnv(System.getenv());
    FfmpegRunner tools = new FfmpegRunner(config.ffmpeg(), config.ffprobe());
    long start = System.nanoTime();
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Probe p = Probe.of(tools.probe(src, logs.resolve("probe.log")));
    double playable = 0;
    for (FFmpegBuilder command : naiveCommands(src, dir, p)) {
      tools.run(command, logs.resolve("naive.log"), null);
      if (playable == 0) {
        playable = seconds(start); // the 720p rendition: the first thing a player could use
      }
    }
    return new Timing(playable, seconds(start));
  }

  /** The common way: 720p, 360p and audio each from a fresh decode, then poster and storyboard runs. */
  static List<FFmpegBuilder> naiveCommands(Path src, Path dir, Probe p) {
    int interval = Commands.interval(p.duration());
    return List.of(
      rendition(src, dir.resolve("720"), "scale=-2:720"),
      rendition(src, dir.resolve("360"), "scale=-2:360"),
      audioOnly(src, dir.resolve("a")),
      one(src).addOutput(dir.resolve("poster.jpg").toString())
        .addExtraArgs("-map", "0:v:0", "-vf", "thumbnail=50", "-frames:v", "1", "-update", "1").done(),
      one(src).addOutput(dir.resolve("sprite.jpg").toString())
        .addExtraArgs("-map", "0:v:0", "-vf", String.format(Locale.ROOT, "fps=1/%d,scale=160:90,tile=10x%d", interval,
          Commands.rows(p.duration(), interval)), "-frames:v", "1", "-update", "1").done());
  }

  private static FFmpegBuilder rendition(Path src, Path dir, String scale) {
    mkdirs(dir);
    return one(src).addOutput(dir.resolve("index.m3u8").toString()).setFormat("hls")
      .addExtraArgs("-map", "0:v:0", "-map", "0:a:0", "-vf", scale, "-c:v", "libx264", "-preset", "veryfast", "-crf", "23",
        "-c:a", "aac", "-b:a", "128k", "-hls_time", "4", "-hls_playlist_type", "vod", "-hls_segment_type", "fmp4",
        "-hls_segment_filename", dir.resolve("seg%05d.m4s").toString())
      .done();
  }

  private static FFmpegBuilder audioOnly(Path src, Path dir) {
    mkdirs(dir);
    return one(src).addOutput(dir.resolve("index.m3u8").toString()).setFormat("hls")
      .addExtraArgs("-map", "0:a:0", "-vn", "-c:a", "aac", "-b:a", "128k", "-hls_time", "4", "-hls_playlist_type", "vod",
        "-hls_segment_type", "fmp4", "-hls_segment_filename", dir.resolve("seg%05d.m4s").toString())
      .done();
  }

  private static FFmpegBuilder one(Path src) {
    return new FFmpegBuilder().overrideOutputFiles(true).setVerbosity(FFmpegBuilder.Verbosity.ERROR)
      .addExtraArgs("-nostdin").addInput(src.toString());
  }

  private static void mkdirs(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
