package lianxin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {

  @Test
  void defaultsAreTheEmbeddedDatabaseWithTheDemo() {
    Config config = Config.fromEnv(Map.of());
    assertEquals(8080, config.port());
    assertEquals(Path.of("data").toAbsolutePath(), config.dataDir());
    assertTrue(config.embedded());
    assertTrue(config.demo());
  }

  @Test
  void demoGoesIntoADatabaseUrlOnlyWhenAsked() {
    assertFalse(Config.fromEnv(Map.of("DATABASE_URL", "postgresql://u:p@db:5432/lianxin")).demo());
    assertTrue(Config.fromEnv(Map.of("DATABASE_URL", "postgresql://u:p@db:5432/lianxin", "DEMO", "1")).demo());
    assertFalse(Config.fromEnv(Map.of("DEMO", "0")).demo());
  }

  @Test
  void aBadPortSaysSo() {
    StartupException e = assertThrows(StartupException.class, () -> Config.fromEnv(Map.of("PORT", "eighty")));
    assertTrue(e.getMessage().contains("PORT"), e.getMessage());
    assertThrows(StartupException.class, () -> Config.fromEnv(Map.of("PORT", "70000")));
  }

  @Test
  void captureWindowAndPullAllowList() {
    Config defaults = Config.fromEnv(Map.of());
    assertEquals(java.time.Duration.ofMinutes(2), defaults.captureLead());
    assertEquals(java.time.Duration.ofMinutes(15), defaults.captureGrace());
    assertEquals(java.util.List.of(), defaults.pullAllow());
    Config set = Config.fromEnv(Map.of("CAPTURE_LEAD", "90s", "CAPTURE_GRACE", "1h", "PULL_ALLOW", " media.lan, 10.1.0.0/16 ,"));
    assertEquals(java.time.Duration.ofSeconds(90), set.captureLead());
    assertEquals(java.time.Duration.ofHours(1), set.captureGrace());
    assertEquals(java.util.List.of("media.lan", "10.1.0.0/16"), set.pullAllow());
    StartupException e = assertThrows(StartupException.class, () -> Config.fromEnv(Map.of("CAPTURE_GRACE", "soon")));
    assertTrue(e.getMessage().contains("CAPTURE_GRACE"), e.getMessage());
    assertThrows(StartupException.class, () -> Config.fromEnv(Map.of("CAPTURE_LEAD", "2d")));
  }

  @Test
  void uploadExpiryIsASpanFromAMinuteToThirtyDays() {
    assertEquals(java.time.Duration.ofHours(24), Config.fromEnv(Map.of()).uploadExpiry());
    assertEquals(java.time.Duration.ofMinutes(90), Config.fromEnv(Map.of("UPLOAD_EXPIRY", "90m")).uploadExpiry());
    assertEquals(java.time.Duration.ofDays(7), Config.fromEnv(Map.of("UPLOAD_EXPIRY", "7d")).uploadExpiry());
    for (String bad : new String[] {"30s", "31d", "a while"}) {
      StartupException e = assertThrows(StartupException.class, () -> Config.fromEnv(Map.of("UPLOAD_EXPIRY", bad)), bad);
      assertTrue(e.getMessage().contains("UPLOAD_EXPIRY") && e.getMessage().contains("from 1m to 30d"), e.getMessage());
    }
  }
}
