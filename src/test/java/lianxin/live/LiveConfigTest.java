package lianxin.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import lianxin.StartupException;
import org.junit.jupiter.api.Test;

class LiveConfigTest {

  @Test
  void defaultsAreTheNodesOwnNginxOn1935WithATwoMinuteGrace() {
    LiveConfig c = LiveConfig.fromEnv(Map.of());
    assertEquals(1935, c.rtmpPort());
    assertNull(c.external());
    assertEquals(Duration.ofMinutes(2), c.grace());
    assertNull(c.secretKey());
  }

  @Test
  void graceAndPortAsOperatorsWriteThem() {
    LiveConfig c = LiveConfig.fromEnv(Map.of("LIVE_GRACE", "10s", "RTMP_PORT", "0"));
    assertEquals(Duration.ofSeconds(10), c.grace());
    assertEquals(0, c.rtmpPort());
    assertEquals(Duration.ofMinutes(5), LiveConfig.fromEnv(Map.of("LIVE_GRACE", "5m")).grace());
  }

  @Test
  void badValuesEndTheStartWithOneLineNamingTheVariable() {
    assertTrue(assertThrows(StartupException.class, () -> LiveConfig.fromEnv(Map.of("LIVE_GRACE", "1s"))).getMessage().contains("LIVE_GRACE"));
    assertTrue(assertThrows(StartupException.class, () -> LiveConfig.fromEnv(Map.of("LIVE_GRACE", "soon"))).getMessage().contains("LIVE_GRACE"));
    assertTrue(assertThrows(StartupException.class, () -> LiveConfig.fromEnv(Map.of("RTMP_PORT", "70000"))).getMessage().contains("RTMP_PORT"));
    assertTrue(assertThrows(StartupException.class, () -> LiveConfig.fromEnv(Map.of("RTMP_EXTERNAL", "http://x/live",
      "RTMP_CALLBACK_SECRET", "0123456789abcdef"))).getMessage().contains("RTMP_EXTERNAL"));
    assertTrue(assertThrows(StartupException.class, () -> LiveConfig.fromEnv(Map.of("RTMP_EXTERNAL", "rtmp://media.example.org/live")))
      .getMessage().contains("RTMP_CALLBACK_SECRET"));
    assertTrue(assertThrows(StartupException.class, () -> LiveConfig.fromEnv(Map.of("SECRET_KEY", "short"))).getMessage().contains("SECRET_KEY"));
  }

  @Test
  void anExternalServerWithItsCallbackSecret() {
    LiveConfig c = LiveConfig.fromEnv(Map.of("RTMP_EXTERNAL", "rtmp://media.example.org/live/", "RTMP_CALLBACK_SECRET", "0123456789abcdef"));
    assertEquals("rtmp://media.example.org/live", c.external());
    assertEquals("0123456789abcdef", c.callbackSecret());
  }
}
