package lianxin.archive.ffmpeg;

import static lianxin.support.Args.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import lianxin.net.FfmpegInput;
import org.junit.jupiter.api.Test;

/** The exact argument lists of every FFmpeg command (they also run for real in ArchiveTest). */
class CommandsTest {

  static final Path SRC = Path.of("/m/originals/abc");
  static final Path DIR = Path.of("/m/archive/7");
  static final Probe HD = new Probe(4, 5_000_000, "h264", 1280, 720, "aac");
  static final Probe LEGACY = new Probe(4, 900_000, "mpeg4", 1920, 1080, "mp3");
  static final Probe PORTRAIT_SMALL = new Probe(4, 900_000, "h264", 360, 640, "aac");

  static final List<String> HEAD = List.of("-y", "-v", "error", "-nostdin", "-i", "/m/originals/abc");

  static List<String> hls(String rendition) {
    return hls(rendition, 4);
  }

  static List<String> hls(String rendition, int seconds) {
    return List.of("-hls_time", String.valueOf(seconds), "-hls_playlist_type", "vod", "-hls_segment_type", "fmp4", "-hls_fmp4_init_filename", "init.mp4",
      "-hls_segment_filename", "/m/archive/7/" + rendition + "/seg%05d.m4s", "-hls_flags", "independent_segments",
      "/m/archive/7/" + rendition + "/index.m3u8");
  }

  @Test
  void h264AacIsCopiedIntoTheTopAndAudioRenditions() {
    assertEquals(concat(HEAD,
        List.of("-f", "hls", "-map", "0:v:0", "-map", "0:a:0", "-c:v", "copy", "-c:a", "copy"), hls("v0"),
        List.of("-f", "hls", "-map", "0:a:0", "-vn", "-c:a", "copy"), hls("a")),
      Commands.top(SRC, DIR, HD).build());
  }

  @Test
  void otherCodecsAreEncodedTo720pWithX264PresetAsAnExtraArgument() {
    assertEquals(concat(HEAD,
        List.of("-f", "hls", "-map", "0:v:0", "-map", "0:a:0", "-c:v", "libx264", "-profile:v", "main", "-pix_fmt", "yuv420p",
          "-preset", "veryfast", "-crf", "23", "-force_key_frames", "expr:gte(t,n_forced*4)", "-vf", "scale=-2:720",
          "-c:a", "aac", "-b:a", "128k"), hls("v0"),
        List.of("-f", "hls", "-map", "0:a:0", "-vn", "-c:a", "aac", "-b:a", "128k"), hls("a")),
      Commands.top(SRC, DIR, LEGACY).build());
    assertFalse(Commands.top(SRC, DIR, LEGACY).build().contains("-vpre"));
  }

  @Test
  void oneDecodeFeedsThe360pAnd240pRenditionsTheStoryboardAndSceneScores() {
    assertEquals(concat(HEAD,
        List.of("-filter_complex", "[0:v]split=4[lo360][lo240][sb][sc];[lo360]scale=-2:360[v360];[lo240]scale=-2:240[v240];"
          + "[sb]fps=1/1,scale=160:90:force_original_aspect_ratio=decrease,pad=160:90:(ow-iw)/2:(oh-ih)/2,tile=4x1[sprite];"
          + "[sc]select='gt(scene,0.3)',metadata=mode=print:file='/m/archive/7/scenes.txt'[scenes]",
          "-f", "hls", "-map", "[v360]", "-map", "0:a:0", "-c:v", "libx264", "-profile:v", "main", "-pix_fmt", "yuv420p",
          "-preset", "veryfast", "-crf", "23", "-force_key_frames", "expr:gte(t,n_forced*4)", "-c:a", "copy"), hls("v1"),
        // The 2G rung: 2 s segments, video capped at 150 kbps with a half-second buffer, audio re-encoded small even
        // when AAC.
        List.of("-f", "hls", "-map", "[v240]", "-map", "0:a:0", "-c:v", "libx264", "-profile:v", "main", "-pix_fmt", "yuv420p",
          "-preset", "veryfast", "-crf", "23", "-force_key_frames", "expr:gte(t,n_forced*2)", "-maxrate", "150k", "-bufsize", "75k",
          "-c:a", "aac", "-b:a", "48k"), hls("v2", 2),
        List.of("-map", "[sprite]", "-frames:v", "1", "-q:v", "5", "-update", "1", "/m/archive/7/sprite.jpg",
          "-f", "null", "-map", "[scenes]", "-")),
      Commands.decodeOnce(SRC, DIR, HD, 1).build());
  }

  @Test
  void aSmallPortraitSourceIsNeverUpscaled() {
    List<String> args = Commands.decodeOnce(SRC, DIR, PORTRAIT_SMALL, 1).build();
    // 360 wide: no 360p rung, only the 240p one, portrait kept.
    assertTrue(args.get(7).startsWith("[0:v]split=3[lo240][sb][sc];[lo240]scale=240:-2[v240];[sb]"), args.get(7));
    assertFalse(String.join(" ", args).contains("v1/index.m3u8"));
    assertTrue(String.join(" ", args).contains("v2/index.m3u8"));
    assertEquals(List.of(new Commands.Rung("v2", 240, true)), Commands.lower(PORTRAIT_SMALL));
    assertEquals(List.of(), Commands.lower(new Probe(4, 300_000, "h264", 320, 240, "aac")));
    assertEquals(List.of(360, 640), List.of(PORTRAIT_SMALL.sizeAt(360)[0], PORTRAIT_SMALL.sizeAt(360)[1]));
  }

  @Test
  void posterSilencesLoudnessAndAudio() {
    assertEquals(List.of("-y", "-v", "error", "-nostdin", "-ss", "0.400", "-i", "/m/originals/abc", "-map", "0:v:0",
        "-vf", "thumbnail=50,scale=1280:720", "-frames:v", "1", "-q:v", "3", "-update", "1", "/m/archive/7/poster.jpg"),
      Commands.poster(SRC, DIR, HD).build());
    assertEquals(concat(HEAD, List.of("-f", "null", "-map", "0:a:0", "-vn", "-af",
        "silencedetect=noise=-35dB:d=2,ametadata=mode=print:file='/m/archive/7/silences.txt'", "-")),
      Commands.silences(SRC, DIR).build());
    assertEquals(concat(HEAD, List.of("-f", "null", "-map", "0:a:0", "-vn", "-af",
        "ebur128=metadata=1,ametadata=mode=print:key=lavfi.r128.I:file='/m/archive/7/loudness.txt'", "-")),
      Commands.loudness(SRC, DIR).build());
    assertEquals(concat(HEAD, List.of("-f", "mp4", "-map", "0:a:0", "-vn", "-c:a", "copy", "-movflags", "+faststart",
        "/m/archive/7/audio.m4a")), Commands.audio(SRC, DIR, HD).build());
    assertEquals(concat(HEAD, List.of("-f", "webvtt", "-map", "0:s:0", "-c:s", "webvtt", "/m/archive/7/transcript.vtt")),
      Commands.subtitles(SRC, DIR).build());
  }

  @Test
  void aStreamIsPulledByStreamCopyIntoMatroska() {
    assertEquals(List.of("-y", "-v", "error", "-nostdin", "-rw_timeout", "30000000", "-protocol_whitelist", "rtmp,tcp",
        "-i", "rtmp://live.example/app/key", "-f", "matroska", "-map", "0:v?", "-map", "0:a?", "-c", "copy", "/m/originals/abc.part"),
      Commands.pull(new FfmpegInput("rtmp://live.example/app/key", List.of("-protocol_whitelist", "rtmp,tcp")),
        Path.of("/m/originals/abc.part")).build());
    // An HLS pull: FFmpeg reads the local copy the job made and checked, and may open nothing but files.
    assertEquals(List.of("-y", "-v", "error", "-nostdin", "-rw_timeout", "30000000", "-protocol_whitelist", "file,crypto",
        "-i", "/m/originals/abc.hls/master.m3u8", "-f", "matroska", "-map", "0:v?", "-map", "0:a?", "-c", "copy", "/m/originals/abc.part"),
      Commands.pull(FfmpegInput.local("/m/originals/abc.hls/master.m3u8", "file,crypto"), Path.of("/m/originals/abc.part")).build());
  }
}
