package lianxin.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveCommandsTest {

  @Test
  void theLiveLadderCopiesTheSourceAddsA360pRenditionAndAudioOnly() {
    List<String> args = LiveCommands.hls("rtmp://127.0.0.1:1935/live/lx1-key", Path.of("/m/live/9")).build();
    assertEquals(List.of("-y", "-v", "error", "-nostdin", "-protocol_whitelist", "rtmp,tcp", "-tcp_nodelay", "1",
      "-rw_timeout", "2000000", "-analyzeduration", "500000", "-probesize", "500000", "-i", "rtmp://127.0.0.1:1935/live/lx1-key",
      "-f", "hls", "-filter_complex", "[0:v]scale=-2:360[v360]",
      "-map", "0:v", "-map", "0:a", "-map", "[v360]", "-map", "0:a", "-map", "0:a", "-c:v:0", "copy", "-c:a", "copy",
      "-fps_mode", "passthrough", "-c:v:1", "libx264", "-preset", "veryfast", "-tune:v:1", "zerolatency",
      "-b:v:1", "600k", "-maxrate:v:1", "700k",
      "-bufsize:v:1", "1200k", "-pix_fmt", "yuv420p", "-force_key_frames:v:1", "expr:gte(t,n_forced*2)", "-sc_threshold", "0",
      "-hls_time", "2", "-hls_list_size", "10",
      "-hls_flags", "delete_segments+append_list+discont_start+omit_endlist+independent_segments",
      "-hls_segment_filename", "/m/live/9/%v/seg%05d.ts", "-master_pl_name", "master.m3u8",
      "-var_stream_map", "v:0,a:0,name:src v:1,a:1,name:360p a:2,name:audio", "/m/live/9/%v/index.m3u8"), args);
  }

  @Test
  void aRunAfterOneThatEndedProbesAsLongAsFfmpegDoes() {
    List<String> args = LiveCommands.hls("rtmp://127.0.0.1:1935/live/lx1-key", Path.of("/m/live/9"), true).build();
    int probe = args.indexOf("-analyzeduration");
    assertEquals(List.of("-analyzeduration", "5000000", "-probesize", "5000000", "-i"), args.subList(probe, probe + 5));
  }
}
