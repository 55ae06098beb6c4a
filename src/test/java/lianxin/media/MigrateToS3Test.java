package lianxin.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import lianxin.support.Clips;
import lianxin.support.S3Proxy;
import lianxin.support.Slow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code scripts/media-to-s3} as its own process against s3proxy: copies, verifies, and a second run copies nothing. */
@Slow
class MigrateToS3Test {

  static final String BUCKET = "lianxin-migrated";
  static S3Proxy s3;
  static Bucket bucket;

  @BeforeAll
  static void start() {
    s3 = S3Proxy.start();
    bucket = new Bucket(s3.config(BUCKET));
  }

  @AfterAll
  static void stop() {
    bucket.close();
    s3.close();
  }

  @Test
  void copiesTheFolderVerifiedAndIsIdempotent() throws Exception {
    Path media = Clips.tempDir("lianxin-migrate");
    byte[] original = new byte[20 << 20]; // past the multipart threshold
    new Random(3).nextBytes(original);
    write(media.resolve("originals/abc"), original);
    write(media.resolve("archive/5/1/master.m3u8"), "#EXTM3U\nv0/index.m3u8\n".getBytes());
    write(media.resolve("archive/5/1/v0/0.m4s"), "segment".getBytes());
    String open = UUID.randomUUID().toString();
    write(media.resolve("uploads/" + open), "first bytes".getBytes());
    write(media.resolve("uploads/" + UUID.randomUUID() + ".part"), "a one-shot upload in flight".getBytes());
    write(media.resolve("imports/2019/list.csv"), "title\n".getBytes());

    Run first = migrate(media);
    assertEquals(0, first.exit, first.output);
    assertTrue(first.output.contains("copied 4, already there 0, changed while copying (copied again next run) 0, failed 0"), first.output);
    assertArrayEquals(original, bytes("originals/abc"));
    assertEquals("segment", bucket.text("archive/5/1/v0/0.m4s"));
    assertEquals("application/vnd.apple.mpegurl", bucket.head("archive/5/1/master.m3u8").contentType());
    assertEquals("first bytes", bucket.text("uploads/" + open + "/0000000000000000000"), "an open upload becomes its first chunk");
    assertEquals(List.of(), bucket.list("imports/"), "the import folder stays local");
    // (s3proxy's filesystem backend also lists the folder "uploads/<id>/" as a key of its own.)
    assertTrue(bucket.list("uploads/").stream().noneMatch(o -> o.key().endsWith(".part")), "partial one-shot files stay");
    assertEquals(MigrateToS3Test.sha256(original), bucket.head("originals/abc").metadata().get("sha256"));

    Run second = migrate(media);
    assertEquals(0, second.exit, second.output);
    assertTrue(second.output.contains("copied 0, already there 4,"), second.output);

    Files.writeString(media.resolve("archive/5/1/master.m3u8"), "#EXTM3U\nv0/index.m3u8\na/index.m3u8\n");
    Run third = migrate(media);
    assertTrue(third.output.contains("copied 1, already there 3,"), third.output);
    assertTrue(bucket.text("archive/5/1/master.m3u8").contains("a/index.m3u8"));
    assertNull(bucket.head("originals/missing"));
  }

  record Run(int exit, String output) {
  }

  static Run migrate(Path media) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-cp", System.getProperty("java.class.path"), "lianxin.media.MigrateToS3").redirectErrorStream(true);
    builder.environment().putAll(s3.env(BUCKET));
    builder.environment().putAll(Map.of("MEDIA_DIR", media.toString(), "DATA_DIR", media.getParent().toString()));
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
    return new Run(p.exitValue(), out);
  }

  static void write(Path file, byte[] bytes) throws Exception {
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
  }

  static byte[] bytes(String key) throws Exception {
    try (var in = bucket.open(key)) {
      return in.readAllBytes();
    }
  }

  static String sha256(byte[] bytes) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
