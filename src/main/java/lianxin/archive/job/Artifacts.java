package lianxin.archive.job;

import io.lindstrom.m3u8.model.MasterPlaylist;
import io.lindstrom.m3u8.model.MediaPlaylist;
import io.lindstrom.m3u8.model.MediaSegment;
import io.lindstrom.m3u8.model.Resolution;
import io.lindstrom.m3u8.model.Variant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import lianxin.archive.ffmpeg.Commands;
import lianxin.archive.ffmpeg.Probe;
import lianxin.media.Playlists;

/** The text files of an archive: master playlist, storyboard and chapter WebVTT; and reading FFmpeg's analyses. */
final class Artifacts {

  private Artifacts() {
  }

  /**
   * The master playlist of the renditions written so far in {@code dir}: the video rungs from the smallest up (a
   * player that takes the first variant starts on the one a weak link carries), then the audio-only rendition. Each
   * BANDWIDTH is the rendition's measured peak ({@link #peak}), so a player never picks a rung its link cannot carry.
   */
  static String master(Path dir, Probe p) throws IOException {
    MasterPlaylist.Builder m = MasterPlaylist.builder().version(7).independentSegments(true);
    if (p.hasVideo()) {
      List<Commands.Rung> rungs = new ArrayList<>(Commands.lower(p));
      java.util.Collections.reverse(rungs);
      for (Commands.Rung r : rungs) {
        Path playlist = dir.resolve(r.dir()).resolve("index.m3u8");
        if (Files.isRegularFile(playlist)) {
          m.addVariants(variant(peak(playlist), p.sizeAt(r.side()), r.dir() + "/index.m3u8"));
        }
      }
      int[] top = p.copyVideo() ? new int[] {p.width(), p.height()} : p.sizeAt(Math.min(Commands.TOP_SIDE, p.shortSide()));
      m.addVariants(variant(peak(dir.resolve("v0/index.m3u8")), top, "v0/index.m3u8"));
    }
    m.addVariants(Variant.builder().bandwidth(peak(dir.resolve("a/index.m3u8"))).addCodecs("mp4a.40.2")
      .uri("a/index.m3u8").build());
    return Playlists.write(m.build());
  }

  private static Variant variant(long bandwidth, int[] size, String uri) {
    return Variant.builder().bandwidth(bandwidth).resolution(Resolution.of(size[0], size[1])).uri(uri).build();
  }

  /**
   * A rendition's peak segment bit rate in bits per second, as HLS defines BANDWIDTH: the highest rate (bytes * 8 /
   * seconds) of any run of consecutive segments lasting 0.5 to 1.5 target durations, so a last sliver of a segment
   * cannot claim a rate of its own. A playlist shorter than half a target duration counts as one run.
   */
  static long peak(Path playlist) throws IOException {
    MediaPlaylist media = Playlists.media(playlist);
    double target = media.targetDuration();
    List<double[]> segments = new ArrayList<>(); // {seconds, bytes}
    for (MediaSegment s : media.mediaSegments()) {
      segments.add(new double[] {s.duration(), Files.size(playlist.resolveSibling(s.uri()))});
    }
    double best = 0;
    double allSeconds = 0;
    double allBytes = 0;
    for (int i = 0; i < segments.size(); i++) {
      double s = 0;
      double bytes = 0;
      for (int j = i; j < segments.size() && s + segments.get(j)[0] <= 1.5 * target + 1e-6; j++) {
        s += segments.get(j)[0];
        bytes += segments.get(j)[1];
        if (s >= 0.5 * target - 1e-6) {
          best = Math.max(best, bytes * 8 / s);
        }
      }
      allSeconds += segments.get(i)[0];
      allBytes += segments.get(i)[1];
    }
    if (best == 0 && allSeconds > 0) {
      best = allBytes * 8 / allSeconds;
    }
    return (long) Math.ceil(best);
  }

  /** Scrub previews: one cue per thumbnail, pointing into the sprite's grid. */
  static String storyboard(double duration, int interval) {
    int n = Commands.thumbs(duration, interval);
    int columns = Commands.columns(duration, interval);
    StringBuilder vtt = new StringBuilder("WEBVTT\n");
    for (int i = 0; i < n; i++) {
      double start = (double) i * interval;
      double end = Math.min(duration, start + interval);
      if (end <= start) {
        break;
      }
      vtt.append('\n').append(time(start)).append(" --> ").append(time(end)).append('\n')
        .append(String.format(Locale.ROOT, "sprite.jpg#xywh=%d,%d,%d,%d%n", (i % columns) * Commands.THUMB_W,
          (i / columns) * Commands.THUMB_H, Commands.THUMB_W, Commands.THUMB_H));
    }
    return vtt.toString();
  }

  /**
   * Chapter candidates: the start, then scene changes and ends of long silences, at least {@code minGap} apart.
   * Titles are Chinese placeholders (the chapters are the recording's, read by residents in Chinese) the host renames.
   */
  static String chapters(double duration, List<Double> scenes, List<Double> silenceEnds) {
    double minGap = Math.max(1, Math.min(60, duration / 10));
    TreeSet<Double> candidates = new TreeSet<>(scenes);
    candidates.addAll(silenceEnds);
    List<Double> starts = new ArrayList<>(List.of(0.0));
    for (double t : candidates) {
      if (t - starts.get(starts.size() - 1) >= minGap && duration - t >= minGap / 2) {
        starts.add(t);
      }
    }
    StringBuilder vtt = new StringBuilder("WEBVTT\n");
    for (int i = 0; i < starts.size(); i++) {
      double end = i + 1 < starts.size() ? starts.get(i + 1) : duration;
      String why = i == 0 ? "开始" : silenceEnds.contains(starts.get(i)) ? "停顿后" : "画面切换";
      vtt.append('\n').append("chapter-").append(i + 1).append('\n')
        .append(time(starts.get(i))).append(" --> ").append(time(end)).append('\n')
        .append("第").append(i + 1).append("段 · ").append(why).append('\n');
    }
    return vtt.toString();
  }

  /** Times after {@code key}= or {@code key}: in FFmpeg's metadata print files. */
  static List<Double> values(Path file, String key) throws IOException {
    List<Double> values = new ArrayList<>();
    if (!Files.exists(file)) {
      return values;
    }
    for (String line : Files.readAllLines(file)) {
      int at = line.indexOf(key);
      if (at < 0) {
        continue;
      }
      String rest = line.substring(at + key.length()).strip();
      int space = rest.indexOf(' ');
      try {
        values.add(Double.parseDouble(space < 0 ? rest : rest.substring(0, space)));
      } catch (NumberFormatException ignored) {
        // "-inf" loudness before enough audio has passed; not a value
      }
    }
    return values;
  }

  /** Writes via a temporary file and a rename, so a reader never sees half a playlist. */
  static void write(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static String time(double seconds) {
    long ms = Math.round(seconds * 1000);
    return String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
  }
}
