package lianxin.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import lianxin.support.Http;
import lianxin.support.Seed;
import lianxin.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A link placed in the media folder that points out of it is never served, file or folder. */
@ExtendWith(VertxExtension.class)
class MediaLinksTest {

  @Test
  void linksOutOfTheMediaFolderAreNotFound(Vertx vertx) throws Exception {
    Http http = Http.local(vertx);
    Path outside = Files.createTempDirectory("lianxin-outside");
    Files.writeString(outside.resolve("secret.vtt"), "WEBVTT\n\nsecret of another org\n");
    String folder = "archive/" + Seed.unique("links").replaceAll("[^A-Za-z0-9_-]", "");
    Path dir = Files.createDirectories(TestServer.mediaDir().resolve(folder));
    Files.writeString(dir.resolve("ok.vtt"), "WEBVTT\n");
    Files.createSymbolicLink(dir.resolve("evil.vtt"), outside.resolve("secret.vtt"));
    Files.createSymbolicLink(dir.resolve("elsewhere"), outside);

    assertEquals(200, http.get("/media/" + folder + "/ok.vtt").status());
    for (String path : new String[] {"/media/" + folder + "/evil.vtt", "/media/" + folder + "/elsewhere/secret.vtt"}) {
      Http.Reply reply = http.get(path);
      assertEquals(404, reply.status(), path + " " + reply.body());
      assertFalse(reply.body().contains("secret of another org"), path);
    }
  }
}
