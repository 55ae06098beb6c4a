package lianxin.capture;

import static lianxin.support.Args.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import lianxin.net.FfmpegInput;
import org.junit.jupiter.api.Test;

/** Capture's FFmpeg commands as exact argument lists (they run for real in CaptureTest). */
class CaptureCommandsTest {

  static final Path RUN = Path.of("/m/captures/3/2");

  static List<String> segments(String seconds) {
    return List.of("-f", "segment", "-map", "0:v?", "-map", "0:a?", "-c", "copy", "-t", seconds,
      "-segment_time", "10", "-segment_format", "mpegts",
      "-segment_list", "/m/captures/3/2/segments.csv", "-segment_list_type", "csv", "/m/captures/3/2/seg%05d.ts");
  }

  @Test
  void aNetworkSourceIsCopiedIntoTenSecondSegmentsAndGivesUpWhenSilent() {
    assertEquals(concat(List.of("-y", "-v", "error", "-nostdin", "-rw_timeout", "10000000",
        "-protocol_whitelist", "rtmp,tcp", "-rtmp_tcurl", "rtmp://live.example.org/app",
        "-i", "rtmp://203.0.113.7/app/room7"), segments("1020")),
      CaptureCommands.record(new FfmpegInput("rtmp://203.0.113.7/app/room7",
        List.of("-protocol_whitelist", "rtmp,tcp", "-rtmp_tcurl", "rtmp://live.example.org/app")), false, RUN, 1020).build());
  }

  @Test
  void theIngestIsCopiedTheSameWayAndARunEndsTwoSecondsAfterThePublisherLeft() {
    assertEquals(concat(List.of("-y", "-v", "error", "-nostdin", "-protocol_whitelist", "rtmp,tcp", "-tcp_nodelay", "1",
        "-rw_timeout", "2000000", "-i", "rtmp://127.0.0.1:1935/live/lx7-key"), segments("43200")),
      CaptureCommands.ingest("rtmp://127.0.0.1:1935/live/lx7-key", RUN, 43200).build());
  }

  @Test
  void aFileSourceIsReadAtItsOwnPace() {
    assertEquals(concat(List.of("-y", "-v", "error", "-nostdin", "-re", "-protocol_whitelist", "file",
        "-i", "/srv/live/room7.flv"), segments("60")),
      CaptureCommands.record(FfmpegInput.local("/srv/live/room7.flv", "file"), true, RUN, 60).build());
  }

  @Test
  void theSegmentsAreJoinedWithoutReencoding() {
    assertEquals(List.of("-y", "-v", "error", "-f", "concat", "-nostdin", "-safe", "0", "-i", "/m/captures/3/join.txt",
        "-f", "matroska", "-map", "0:v?", "-map", "0:a?", "-c", "copy", "/m/originals/capture-3.mkv"),
      CaptureCommands.join(Path.of("/m/captures/3/join.txt"), Path.of("/m/originals/capture-3.mkv")).build());
  }
}
