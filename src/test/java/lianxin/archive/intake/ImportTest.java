package lianxin.archive.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lianxin.support.Clips;
import lianxin.support.Http;
import lianxin.support.Recordings;
import lianxin.support.Seed;
import lianxin.support.Slow;
import lianxin.support.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The back catalogue: a folder under MEDIA_DIR/imports plus a CSV becomes ended, numbered, archived episodes. */
@ExtendWith(VertxExtension.class)
@Slow
class ImportTest {

  static Http http;
  static Seed seed;
  static Path clip;

  @BeforeAll
  static void start(Vertx vertx) {
    http = Http.local(vertx);
    seed = new Seed(http);
    clip = Clips.video(Clips.tempDir("lianxin-import-clip"), "clip.mp4", 2, 320, 180);
  }

  /** A folder under the node's MEDIA_DIR/imports with {@code files} copies of the clip and {@code csv} as index.csv. */
  static String folder(List<String> files, String csv) throws Exception {
    String name = Seed.unique("catalogue");
    Path dir = Files.createDirectories(TestServer.mediaDir().resolve("imports").resolve(name));
    for (String f : files) {
      Files.copy(clip, dir.resolve(f));
    }
    // As a spreadsheet saves it: a byte-order mark and CRLF line ends.
    Files.writeString(dir.resolve("index.csv"), "\uFEFF" + csv.replace("\n", "\r\n"));
    return name;
  }

  static Http.Reply importInto(long room, String folder) {
    return http.post("/api/rooms/" + room + "/imports", new JsonObject().put("folder", folder).put("csv", "index.csv"));
  }

  @Test
  void backCatalogueFillsTheOffsetInAiredOrderAndArchives() throws Exception {
    long room = seed.room(seed.district(), 3, "Asia/Shanghai");
    // Already on Lianxin: a scheduled episode, numbered after the offset.
    long planned = seed.episode(room, "下一期", "2031-06-01T19:30:00+08:00", "2031-06-01T20:30:00+08:00").getLong("id");
    assertEquals(4, http.get("/api/episodes/" + planned).json().getInteger("number"));

    String folder = folder(List.of("第二期.mp4", "first.mp4", "third.mp4"), """
      file,title,column,aired_at,hosts
      第二期.mp4,"垃圾分类, 怎么分",社区课堂,2019-03-08 19:30,张三；李四
      first.mp4,开播第一期,社区课堂,2019-03-01T19:30:00+08:00,张三
      third.mp4,三期,,2019-03-15 19:30,
      """);
    Http.Reply reply = importInto(room, folder);
    assertEquals(201, reply.status(), reply.body());
    JsonArray items = reply.json().getJsonArray("items");
    assertEquals(3, items.size());

    JsonObject first = episodeOnLine(items, 3);
    assertEquals(1, first.getInteger("number"));
    assertEquals("ended", first.getString("status"));
    assertEquals("开播第一期", first.getString("title"));
    JsonObject second = episodeOnLine(items, 2);
    assertEquals(2, second.getInteger("number"));
    assertEquals("垃圾分类, 怎么分", second.getString("title"));
    assertTrue(second.encode().contains("李四"), second.encode());
    assertEquals(3, episodeOnLine(items, 4).getInteger("number"));
    // The offset stays (these ARE the offset): the count is unchanged and the next episode is still 第4期.
    JsonObject roomNow = http.get("/api/rooms/" + room).json();
    assertEquals(3, roomNow.getInteger("episodeOffset"));
    assertEquals(3, roomNow.getInteger("episodeCount"));
    assertEquals(4, http.get("/api/episodes/" + planned).json().getInteger("number"));

    for (Object o : items) {
      JsonObject r = Recordings.await(http, ((JsonObject) o).getLong("recordingId"),
        x -> List.of("archived", "failed").contains(x.getString("status")), java.time.Duration.ofSeconds(90));
      assertEquals("archived", r.getString("status"), r.encodePrettily());
      assertEquals("import", r.getString("source"));
      assertTrue(r.getString("sha256").matches("[0-9a-f]{64}"));
    }
    assertNotNull(http.get("/api/episodes/" + first.getLong("id")).json().getJsonObject("archive"));
    // Each imported episode now lasts as long as its 2-second recording, not the hour it was given at import.
    for (Object o : items) {
      String path = "/api/episodes/" + ((JsonObject) o).getLong("episodeId");
      JsonObject e = http.get(path).json();
      for (int i = 0; i < 20 && length(e) > 10; i++) {
        lianxin.support.Node.sleep(100); // the page cache hears of the change through NOTIFY
        e = http.get(path).json();
      }
      assertTrue(length(e) >= 1 && length(e) <= 3, e.encode());
    }
    // The operator's files are left where they were.
    assertTrue(Files.exists(TestServer.mediaDir().resolve("imports").resolve(folder).resolve("first.mp4")));
  }

  static long length(JsonObject episode) {
    return java.time.Duration.between(java.time.OffsetDateTime.parse(episode.getString("startsAt")),
      java.time.OffsetDateTime.parse(episode.getString("endsAt"))).toSeconds();
  }

  @Test
  void beyondTheOffsetTheyFollowTheHighestAiredNumber() throws Exception {
    long room = seed.room();
    long planned = seed.episode(room, "计划中", "2031-06-01T19:30:00+08:00", "2031-06-01T20:30:00+08:00").getLong("id");
    String folder = folder(List.of("a.mp4", "b.mp4"), "file,title,column,aired_at,hosts\nb.mp4,乙,,2020-01-02 10:00,\na.mp4,甲,,2020-01-01 10:00,\n");
    // The planned episode's number (第1期), which residents have seen, would become 第3期: only when confirmed.
    Http.Reply refused = importInto(room, folder);
    assertEquals(409, refused.status(), refused.body());
    assertEquals(new JsonArray().add(new JsonObject().put("episodeId", planned).put("from", 1).put("to", 3)),
      refused.json().getJsonArray("renumbered"));
    assertEquals(1, http.get("/api/episodes?roomId=" + room).items().size(), "nothing was imported");
    Http.Reply reply = http.post("/api/rooms/" + room + "/imports", new JsonObject().put("folder", folder).put("csv", "index.csv")
      .put("confirmRenumber", true));
    assertEquals(201, reply.status(), reply.body());
    assertEquals(1, episodeOnLine(reply.json().getJsonArray("items"), 3).getInteger("number"));
    assertEquals(2, episodeOnLine(reply.json().getJsonArray("items"), 2).getInteger("number"));
    assertEquals(1, reply.json().getJsonArray("renumbered").size());
    assertEquals(2, http.get("/api/rooms/" + room).json().getInteger("episodeCount"));
    // Scheduled episodes follow the aired ones.
    assertEquals(3, http.get("/api/episodes/" + planned).json().getInteger("number"));
  }

  @Test
  void badLinesAreAllNamedAndNothingIsCreated() throws Exception {
    long room = seed.room(seed.district(), 114, "Asia/Shanghai");
    String folder = folder(List.of("ok.mp4", "empty-title.mp4"), """
      file,title,column,aired_at,hosts
      ok.mp4,好的一行,,2019-01-01 19:30,
      missing.mp4,文件不在,,2019-01-02 19:30,
      ok.mp4,日期不对,,去年春天,
      empty-title.mp4,,,2019-01-04 19:30,
      """);
    Files.writeString(TestServer.mediaDir().resolve("imports").resolve(folder).resolve("empty-title.mp4"), "");
    Http.Reply reply = importInto(room, folder);
    assertEquals(422, reply.status(), reply.body());
    JsonArray lines = reply.json().getJsonObject("details").getJsonArray("lines");
    assertEquals(List.of(3, 4, 5), lines.stream().map(l -> ((JsonObject) l).getInteger("line")).toList());
    assertTrue(lines.getJsonObject(1).encode().contains("aired_at"));
    assertEquals(0, http.get("/api/episodes?roomId=" + room).items().size());
    assertEquals(114, http.get("/api/rooms/" + room).json().getInteger("episodeCount"));
  }

  @Test
  void aClashFoundByPostgresNamesItsLineAndRollsEverythingBack() throws Exception {
    long room = seed.room();
    String folder = folder(List.of("a.mp4", "b.mp4"), "file,title,column,aired_at,hosts\na.mp4,甲,,2020-01-01 10:00,\nb.mp4,乙,,2020-01-01 10:30,\n");
    Http.Reply reply = importInto(room, folder);
    assertEquals(409, reply.status(), reply.body());
    assertTrue(reply.message().contains("3"), reply.body());
    assertEquals(0, http.get("/api/episodes?roomId=" + room).items().size());
  }

  @Test
  void onlyFoldersInsideImportsCanBeRead() throws Exception {
    long room = seed.room();
    String folder = folder(List.of(), "file,title,column,aired_at,hosts\n");
    for (JsonObject body : List.of(new JsonObject().put("folder", "..").put("csv", "index.csv"),
      new JsonObject().put("folder", "../originals").put("csv", "index.csv"),
      new JsonObject().put("folder", "/etc").put("csv", "passwd"),
      new JsonObject().put("folder", folder).put("csv", "../../../../etc/passwd"),
      new JsonObject().put("folder", folder).put("csv", "index.csv"))) {
      Http.Reply reply = http.post("/api/rooms/" + room + "/imports", body);
      assertEquals(422, reply.status(), body + " " + reply.body());
    }
    assertEquals(401, http.anonymous().post("/api/rooms/" + room + "/imports", new JsonObject().put("folder", folder).put("csv", "index.csv")).status());
    assertEquals(404, http.post("/api/rooms/99999999/imports", new JsonObject().put("folder", folder).put("csv", "index.csv")).status());
  }

  private static JsonObject episodeOnLine(JsonArray items, int line) {
    for (Object o : items) {
      JsonObject item = (JsonObject) o;
      if (item.getInteger("line") == line) {
        return http.get("/api/episodes/" + item.getLong("episodeId")).json();
      }
    }
    throw new AssertionError("no episode for line " + line + " in " + items);
  }
}
