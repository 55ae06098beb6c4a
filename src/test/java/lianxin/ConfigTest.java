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
}
