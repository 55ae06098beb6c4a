package lianxin.archive.job;

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

/** The text files of an archive: master playlist, storyboard and chapter WebVTT; and reading FFmpeg's analyses. */
final class Artifacts {

  private Artifacts() {
  }

  /** The master playlist: top rendition, 360p when there is one, and the audio-only rendition for weak links. */
  static String master(Probe p, boolean withLow) {
    StringBuilder m = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n");
    if (p.hasVideo()) {
      int[] top = p.copyVideo() ? new int[] {p.width(), p.height()} : p.sizeAt(Math.min(Commands.TOP_SIDE, p.shortSide()));
      long topRate = p.copyVideo() && p.bitrate() > 0 ? p.bitrate() : 2_500_000;
      variant(m, topRate, top, "v0/index.m3u8");
      if (withLow) {
        variant(m, 900_000, p.sizeAt(Commands.LOW_SIDE), "v1/index.m3u8");
      }
    }
    m.append("#EXT-X-STREAM-INF:BANDWIDTH=160000,CODECS=\"mp4a.40.2\"\na/index.m3u8\n");
    return m.toString();
  }

  private static void variant(StringBuilder m, long bandwidth, int[] size, String uri) {
    m.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(bandwidth)
      .append(",RESOLUTION=").append(size[0]).append('x').append(size[1]).append('\n').append(uri).append('\n');
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
