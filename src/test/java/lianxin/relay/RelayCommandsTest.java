package lianxin.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import lianxin.net.FfmpegInput;
import org.junit.jupiter.api.Test;

class RelayCommandsTest {

  @Test
  void aPushCopiesTheIngestToOneTargetWithTimeoutsOnBothSides() {
    FfmpegInput target = new FfmpegInput("rtmp://203.0.113.7:1935/third/stream-abc",
      List.of("-protocol_whitelist", "rtmp,tcp", "-rtmp_tcurl", "rtmp://push.example.com:1935/third"));
    assertEquals(List.of("-y", "-v", "error", "-nostdin", "-progress", "pipe:1", "-stats_period", "1",
        "-protocol_whitelist", "rtmp,tcp", "-tcp_nodelay", "1", "-rw_timeout", "5000000", "-i", "rtmp://127.0.0.1:1935/live/k",
        "-f", "flv", "-map", "0:v?", "-map", "0:a?", "-c", "copy", "-flvflags", "no_duration_filesize",
        "-rw_timeout", "3000000", "-protocol_whitelist", "rtmp,tcp", "-rtmp_tcurl", "rtmp://push.example.com:1935/third",
        "rtmp://203.0.113.7:1935/third/stream-abc"),
      RelayCommands.push("rtmp://127.0.0.1:1935/live/k", target).build());
  }
}
