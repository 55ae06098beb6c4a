package lianxin.archive.ffmpeg;

import java.util.Locale;
import net.bramp.ffmpeg.probe.FFmpegFormat;
import net.bramp.ffmpeg.probe.FFmpegProbeResult;
import net.bramp.ffmpeg.probe.FFmpegStream;

/**
 * What ffprobe found in a recording: the first video and audio stream.
 *
 * @param duration seconds
 * @param bitrate  bits per second of the whole file
 */
public record Probe(double duration, long bitrate, String videoCodec, int width, int height, String audioCodec) {

  public static Probe of(FFmpegProbeResult result) {
    FFmpegFormat format = result.getFormat();
    FFmpegStream video = null;
    FFmpegStream audio = null;
    if (result.getStreams() != null) {
      for (FFmpegStream s : result.getStreams()) {
        // Cover art in an M4A is a "video" stream of one picture; it is not a video.
        boolean picture = s.disposition != null && s.disposition.attached_pic;
        if (s.codec_type == FFmpegStream.CodecType.VIDEO && video == null && !picture) {
          video = s;
        } else if (s.codec_type == FFmpegStream.CodecType.AUDIO && audio == null) {
          audio = s;
        }
      }
    }
    return new Probe(format == null ? 0 : format.duration, format == null ? 0 : format.bit_rate,
      video == null ? null : video.codec_name, video == null ? 0 : video.width, video == null ? 0 : video.height,
      audio == null ? null : audio.codec_name);
  }

  /** A text subtitle stream in the recording: the archive takes it as the transcript. */
  public static boolean hasTextSubtitles(FFmpegProbeResult result) {
    return result.getStreams() != null && result.getStreams().stream().anyMatch(s -> s.codec_type == FFmpegStream.CodecType.SUBTITLE
      && java.util.Set.of("mov_text", "subrip", "srt", "ass", "ssa", "webvtt", "text").contains(s.codec_name));
  }

  public boolean hasVideo() {
    return videoCodec != null && width > 0 && height > 0;
  }

  public boolean hasAudio() {
    return audioCodec != null;
  }

  boolean portrait() {
    return height > width;
  }

  public int shortSide() {
    return Math.min(width, height);
  }

  /** H.264 up to 1080p plays on phones as it is, so it is copied, not re-encoded. */
  public boolean copyVideo() {
    return "h264".equals(videoCodec) && shortSide() <= 1080;
  }

  boolean copyAudio() {
    return "aac".equals(audioCodec);
  }

  /** A scale filter that brings the shorter side to {@code side}, whichever way up the picture is. */
  String scaleTo(int side) {
    return portrait() ? "scale=" + side + ":-2" : "scale=-2:" + side;
  }

  /** Width and height after {@link #scaleTo} (even numbers, as x264 needs). */
  public int[] sizeAt(int side) {
    double ratio = (double) Math.max(width, height) / Math.min(width, height);
    int other = (int) Math.round(side * ratio / 2) * 2;
    return portrait() ? new int[] {side, other} : new int[] {other, side};
  }

  String describe() {
    return String.format(Locale.ROOT, "%.1f s, %s %dx%d, %s", duration, videoCodec, width, height, audioCodec);
  }
}
