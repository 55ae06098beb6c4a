package lianxin.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import lianxin.support.S3Proxy;
import lianxin.support.Slow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bucket store against s3proxy: multipart originals, publishing order and changes, working copies, deletion. */
@Slow
class S3MediaStoreTest {

  private static S3Proxy s3;
  private static S3MediaStore store;
  private static Path root;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3Proxy.start();
    root = Files.createTempDirectory("lianxin-s3store");
    store = new S3MediaStore(s3.config("store-test"), root.resolve("scratch"), root.resolve("media"));
    store.bucket().check();
  }

  @AfterAll
  static void stop() {
    store.bucket().close();
    s3.close();
  }

  @Test
  void pagesAllowTheOriginMediaIsRedirectedTo() throws Exception {
    // Proxied (the default): the node serves media itself, the policy stays 'self' only.
    assertNull(store.redirectOrigin());
    java.util.Map<String, String> env = new java.util.HashMap<>(s3.env("store-test"));
    // Presigned redirects: the bucket's origin as the signed URLs name it (path style at s3proxy's address).
    env.put("S3_MEDIA_SERVE", "presign");
    S3MediaStore presigned = new S3MediaStore(S3Config.fromEnv(env), root.resolve("scratch2"), root.resolve("media2"));
    try {
      assertEquals(s3.endpoint().replaceAll("/+$", ""), presigned.redirectOrigin());
      String policy = lianxin.http.SecurityHeadersProbe.policy(presigned.redirectOrigin());
      assertTrue(policy.contains("connect-src 'self' " + presigned.redirectOrigin() + ";"), policy);
      assertTrue(policy.contains("media-src 'self' blob: " + presigned.redirectOrigin() + ";"), policy);
      assertTrue(policy.contains("img-src 'self' data: blob: " + presigned.redirectOrigin() + ";"), policy);
    } finally {
      presigned.bucket().close();
    }
    // A CDN in front: its origin, whatever path the URL has.
    env.put("MEDIA_PUBLIC_URL", "https://cdn.example.org:8443/lianxin/media/");
    S3MediaStore cdn = new S3MediaStore(S3Config.fromEnv(env), root.resolve("scratch3"), root.resolve("media3"));
    try {
      assertEquals("https://cdn.example.org:8443", cdn.redirectOrigin());
    } finally {
      cdn.bucket().close();
    }
  }

  @Test
  void aLargeOriginalGoesUpInPartsAndComesBackTheSame() throws Exception {
    byte[] bytes = new byte[40 << 20]; // over the 16 MiB threshold: three parts
    new Random(7).nextBytes(bytes);
    Path upload = root.resolve("upload.bin");
    Files.write(upload, bytes);
    store.put("originals/big", upload);
    assertFalse(Files.exists(upload), "the uploaded file is not kept on the node");
    assertEquals(bytes.length, store.size("originals/big"));
    Path fetched = store.fetch("originals/big");
    assertArrayEquals(bytes, Files.readAllBytes(fetched));
    store.release("originals/big");
    assertFalse(Files.exists(fetched), "released working copy is gone");
    assertTrue(store.exists("originals/big"), "the stored object stays");
    store.delete("originals/big");
    assertEquals(-1, store.size("originals/big"));
    assertNull(store.fetch("originals/big"));
  }

  @Test
  void aLiveStreamIsCopiedAsItGrowsWithoutFFmpegsTemporaryPlaylist() throws Exception {
    Path dir = store.path("live/12");
    Files.createDirectories(dir.resolve("src"));
    Files.writeString(dir.resolve("src/seg00000.ts"), "first");
    Files.writeString(dir.resolve("src/index.m3u8"), "#EXTM3U\n#EXTINF:2.0,\nseg00000.ts\n");
    Files.writeString(dir.resolve("src/index.m3u8.tmp"), "#EXTM3U\n(half written)");
    store.publish("live/12");
    assertEquals("first", store.readText("live/12/src/seg00000.ts"));
    assertTrue(store.readText("live/12/src/index.m3u8").contains("seg00000.ts"));
    assertEquals(-1, store.size("live/12/src/index.m3u8.tmp"), "FFmpeg's temporary playlist stays on the node");
    // The next segment, then the playlist naming it: both go up, the local files stay (this node serves them).
    Files.writeString(dir.resolve("src/seg00001.ts"), "second");
    Files.writeString(dir.resolve("src/index.m3u8"), "#EXTM3U\n#EXTINF:2.0,\nseg00000.ts\n#EXTINF:2.0,\nseg00001.ts\n");
    store.publish("live/12");
    assertEquals("second", store.readText("live/12/src/seg00001.ts"));
    assertTrue(store.readText("live/12/src/index.m3u8").contains("seg00001.ts"));
    assertTrue(Files.exists(dir.resolve("src/seg00001.ts")));
    assertTrue(store.readable("live/12/src/index.m3u8") != null, "this node serves its own copy");
    store.delete("live/12");
    assertFalse(store.exists("live/12"));
  }

  @Test
  void publishSendsChangesAndDeleteTakesTheFolder() throws Exception {
    Path dir = store.path("archive/9/1");
    Files.createDirectories(dir.resolve("v0"));
    Files.createDirectories(dir.resolve("logs"));
    Files.writeString(dir.resolve("v0/index.m3u8"), "#EXTM3U\n");
    Files.writeString(dir.resolve("v0/0.m4s"), "segment");
    Files.writeString(dir.resolve("master.m3u8"), "#EXTM3U\nv0/index.m3u8\n");
    Files.writeString(dir.resolve("logs/top.log"), "ffmpeg said things");
    store.publish("archive/9/1");
    assertEquals("segment", store.readText("archive/9/1/v0/0.m4s"));
    assertEquals(-1, store.size("archive/9/1/logs/top.log"), "logs stay on the node");
    Files.writeString(dir.resolve("master.m3u8"), "#EXTM3U\nv0/index.m3u8\na/index.m3u8\n");
    Files.setLastModifiedTime(dir.resolve("master.m3u8"), java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
    store.publish("archive/9/1");
    assertTrue(store.readText("archive/9/1/master.m3u8").contains("a/index.m3u8"), "a changed playlist is sent again");
    assertEquals("application/vnd.apple.mpegurl",
      store.bucket().head("archive/9/1/master.m3u8").contentType());
    store.delete("archive/9");
    assertFalse(store.exists("archive/9"));
    assertFalse(Files.exists(dir), "the working copy goes with it");
  }
}
