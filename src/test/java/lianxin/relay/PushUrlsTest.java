package lianxin.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class PushUrlsTest {

  @Test
  void theStreamKeyAndQueryAreMaskedTheServerAndAppShown() {
    assertEquals("rtmp://push-rtmp-l1.douyincdn.com/third/st…bc",
      PushUrls.masked(URI.create("rtmp://push-rtmp-l1.douyincdn.com/third/stream-69012345678?expire=1&sign=abc")));
    assertEquals("rtmp://live-push.bilivideo.com/live-bvc/?s…ef",
      PushUrls.masked(URI.create("rtmp://live-push.bilivideo.com/live-bvc/?streamname=live_1_2&key=0123456789abcdef")));
    // A short key: nothing of it.
    assertEquals("rtmps://203.0.113.9:443/live/…", PushUrls.masked(URI.create("rtmps://203.0.113.9:443/live/short-key")));
  }

  @Test
  void reasonsFromFfmpegLoseTheKeyButKeepTheServer() {
    String push = "rtmp://push.example.com/third/stream-0123456789abcdef";
    String pinned = "rtmp://203.0.113.9/third/stream-0123456789abcdef";
    assertEquals("rtmp://push.example.com/third/st…ef: Connection refused",
      Reasons.masked(pinned + ": Connection refused", List.of(push, pinned), "rtmp://127.0.0.1:1935/live/ingestkey"));
    assertEquals("[source]: Input/output error; tcp://127.0.0.1:1/… failed",
      Reasons.masked("rtmp://127.0.0.1:1935/live/ingestkey: Input/output error; tcp://127.0.0.1:1?tcp_nodelay=0 failed",
        List.of(push, pinned), "rtmp://127.0.0.1:1935/live/ingestkey"));
  }

  @Test
  void aPushEndsWithAReasonInBothLanguages() {
    List<String> push = List.of("rtmp://push.example.com/live/stream-0123456789abcdef", "rtmp://203.0.113.9/live/stream-0123456789abcdef");
    String source = "rtmp://127.0.0.1:1935/live/ingestkey";
    assertEquals("平台无响应（超时）：rtmp://push.example.com/live/st…ef: Connection timed out",
      Reasons.ended(1, push.get(1) + ": Connection timed out", push, source, false).zh());
    assertEquals("Reading the live source failed: [source]: Input/output error",
      Reasons.ended(1, source + ": Input/output error", push, source, true).en());
    assertEquals("The push broke off: Broken pipe", Reasons.ended(1, "Broken pipe", push, source, true).en());
    assertEquals("直播源已结束（主播断开），等待重新推流。", Reasons.ended(0, null, push, source, true).zh());
  }
}
