package lianxin.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files an episode page names for its first second: the lowest rung with a picture, the segment holding t. */
class StartFilesTest {

  static final String MASTER = """
    #EXTM3U
    #EXT-X-VERSION:7
    #EXT-X-STREAM-INF:BANDWIDTH=160000,CODECS="mp4a.40.2"
    a/index.m3u8
    #EXT-X-STREAM-INF:BANDWIDTH=231000,RESOLUTION=426x240
    v2/index.m3u8
    #EXT-X-STREAM-INF:BANDWIDTH=1255717,RESOLUTION=640x360
    v1/index.m3u8
    """;

  static final String RUNG = """
    #EXTM3U
    #EXT-X-TARGETDURATION:2
    #EXT-X-MAP:URI="init.mp4"
    #EXTINF:2.000000,
    seg00000.m4s
    #EXTINF:2.000000,
    seg00001.m4s
    #EXTINF:1.500000,
    seg00002.m4s
    #EXT-X-ENDLIST
    """;

  @Test
  void theLowestRungWithAPictureAndTheSegmentHoldingTheSecond(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("archive/7/3/v2"));
    Files.writeString(dir.resolve("archive/7/3/master.m3u8"), MASTER);
    Files.writeString(dir.resolve("archive/7/3/v2/index.m3u8"), RUNG);
    Vertx vertx = Vertx.vertx();
    try {
      StartFiles files = new StartFiles(new LocalMediaStore(dir));
      String v2 = "archive/7/3/v2/";
      List<String> head = List.of("archive/7/3/master.m3u8", v2 + "index.m3u8", v2 + "init.mp4");
      assertEquals(concat(head, v2 + "seg00000.m4s"), await(files, vertx, 0));
      assertEquals(concat(head, v2 + "seg00001.m4s"), await(files, vertx, 2));
      assertEquals(concat(head, v2 + "seg00002.m4s"), await(files, vertx, 5));
      // Past the end: the last segment (the player clamps there too).
      assertEquals(concat(head, v2 + "seg00002.m4s"), await(files, vertx, 3600));
      // A recording whose playlists are gone names nothing.
      assertEquals(List.of(), await(files, vertx, "archive/8/1/master.m3u8", 0));
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void namesOutsideTheRecordingsFolderAreNotFollowed() {
    assertNull(StartFiles.sibling("archive/7/3/master.m3u8", "../../../secret"));
    assertNull(StartFiles.sibling("archive/7/3/master.m3u8", "https://elsewhere.example/v.m3u8"));
    assertNull(StartFiles.sibling("archive/7/3/master.m3u8", "/etc/passwd"));
    assertNull(StartFiles.rung(RUNG.replace("seg00001.m4s", "../seg00001.m4s"), "archive/7/3/v2/index.m3u8"));
    assertNull(StartFiles.lowestVideo(MASTER.replace("RESOLUTION", "X"), "archive/7/3/master.m3u8"));
  }

  static List<String> await(StartFiles files, Vertx vertx, int second) throws Exception {
    return await(files, vertx, "archive/7/3/master.m3u8", second);
  }

  static List<String> await(StartFiles files, Vertx vertx, String master, int second) throws Exception {
    return files.of(vertx, master, second).await();
  }

  static List<String> concat(List<String> head, String last) {
    return java.util.stream.Stream.concat(head.stream(), java.util.stream.Stream.of(last)).toList();
  }
}
