package lianxin.live;

import io.lindstrom.m3u8.model.MediaSegment;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lianxin.archive.ffmpeg.FfmpegRunner;
import lianxin.media.Playlists;
import net.bramp.ffmpeg.probe.FFmpegProbeResult;
import net.bramp.ffmpeg.probe.FFmpegStream;

/**
 * How the stream a host sends looks from here, read from the source copy of the live HLS ({@code live/<episode>/src}):
 * its bitrate (bytes over seconds of the newest segments), its frame rate (ffprobe of the newest segment) and its
 * keyframe interval. The copy is cut at the first keyframe after every {@link LiveCommands#SEGMENT_SECONDS} seconds,
 * so a segment lasts one keyframe interval when that is longer, and about two seconds when it is shorter: the
 * median segment length is the interval, or "at most 2 s". Over 4 s, players wait long to start and relays to
 * platforms that ask for 2 s keyframes may be cut off: the host is warned.
 */
final class IngestHealth {

  /** Keyframes further apart than this get a warning (Douyin and WeChat Channels ask for 2 s; 4 s still works). */
  static final double KEYFRAME_WARN_SECONDS = 4;
  /** The newest segments measured: ten seconds and more of the stream. */
  private static final int SEGMENTS = 5;

  private IngestHealth() {
  }

  /** One measurement of {@code dir} (the rendition's folder); null before a segment exists. Blocking. */
  static JsonObject measure(Path dir, FfmpegRunner tools) throws IOException {
    Path playlist = dir.resolve("index.m3u8");
    if (!Files.isRegularFile(playlist)) {
      return null;
    }
    List<Double> seconds = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    for (MediaSegment s : Playlists.media(playlist).mediaSegments()) {
      if (!s.uri().contains("/")) {
        seconds.add(s.duration());
        files.add(dir.resolve(s.uri()));
      }
    }
    int from = Math.max(0, seconds.size() - SEGMENTS);
    seconds = seconds.subList(from, seconds.size());
    files = files.subList(from, files.size());
    long bytes = 0;
    double total = 0;
    for (int i = 0; i < files.size(); i++) {
      if (Files.isRegularFile(files.get(i))) {
        bytes += Files.size(files.get(i));
        total += seconds.get(i);
      }
    }
    if (total <= 0) {
      return null;
    }
    double keyframe = median(seconds);
    JsonObject health = new JsonObject()
      .put("bitrateKbps", Math.round(bytes * 8 / total / 1000))
      .put("keyframeSeconds", round(keyframe))
      // A segment only as long as the cut: the interval is that or shorter.
      .put("keyframeAtMost", keyframe < LiveCommands.SEGMENT_SECONDS + 0.25)
      .put("segments", seconds.size());
    Double fps = frameRate(files.get(files.size() - 1), tools);
    if (fps != null) {
      health.put("frameRate", round(fps));
    }
    JsonArray warnings = new JsonArray();
    if (keyframe > KEYFRAME_WARN_SECONDS) {
      warnings.add("keyframe");
    }
    return health.put("warnings", warnings);
  }

  private static Double frameRate(Path segment, FfmpegRunner tools) {
    try {
      FFmpegProbeResult probe = tools.probe(segment, segment.getParent().resolveSibling("health.log"));
      for (FFmpegStream s : probe.getStreams()) {
        if (s.codec_type == FFmpegStream.CodecType.VIDEO) {
          var rate = s.avg_frame_rate != null && s.avg_frame_rate.doubleValue() > 0 ? s.avg_frame_rate : s.r_frame_rate;
          return rate == null || rate.doubleValue() <= 0 ? null : rate.doubleValue();
        }
      }
      return null;
    } catch (IOException | RuntimeException e) {
      // Deleted under us (the playlist moved on) or unreadable: the other figures still stand.
      return null;
    }
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static double round(double v) {
    return Double.parseDouble(String.format(Locale.ROOT, "%.1f", v));
  }
}
