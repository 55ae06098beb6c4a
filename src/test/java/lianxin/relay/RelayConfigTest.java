package lianxin.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RelayConfigTest {

  @Test
  void defaultsAndSpans() {
    assertEquals(RelayConfig.defaults(), RelayConfig.fromEnv(Map.of()));
    RelayConfig set = RelayConfig.fromEnv(Map.of("SECRET_KEY", " a long enough passphrase ", "RELAY_MAX_BACKOFF", "2m"));
    assertEquals("a long enough passphrase", set.secretKey());
    assertEquals(Duration.ofMinutes(2), set.maxBackoff());
    for (String bad : new String[] {"0s", "11m", "soon"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RelayConfig.fromEnv(Map.of("RELAY_MAX_BACKOFF", bad)));
      assertTrue(e.getMessage().startsWith("RELAY_MAX_BACKOFF"), e.getMessage());
    }
  }
}
