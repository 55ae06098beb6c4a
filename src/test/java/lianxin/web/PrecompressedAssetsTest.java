package lianxin.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import lianxin.support.TestServer;
import org.junit.jupiter.api.Test;

/** Scripts go out as the build's Brotli or gzip copy, whichever the browser takes, and the same file either way. */
class PrecompressedAssetsTest {

  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final Path ASSETS = Path.of("web/dist/assets");

  static HttpResponse<byte[]> get(String path, String acceptEncoding) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + TestServer.port() + path));
    if (acceptEncoding != null) {
      b.header("Accept-Encoding", acceptEncoding);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void theBrowserGetsTheStrongestCopyItAccepts() throws Exception {
    String page = new String(get("/", null).body());
    Matcher m = Pattern.compile("/assets/(index-[^\"]+\\.js)").matcher(page);
    assertTrue(m.find(), page);
    String name = m.group(1);
    byte[] plain = Files.readAllBytes(ASSETS.resolve(name));

    HttpResponse<byte[]> br = get("/assets/" + name, "gzip, deflate, br, zstd");
    assertEquals(200, br.statusCode());
    assertEquals("br", br.headers().firstValue("content-encoding").orElse(null));
    assertEquals("text/javascript; charset=utf-8", br.headers().firstValue("content-type").orElse(null));
    assertTrue(br.headers().firstValue("cache-control").orElse("").contains("max-age=31536000"), br.headers().toString());
    assertEquals("accept-encoding", br.headers().firstValue("vary").orElse("").toLowerCase());
    assertArrayEquals(Files.readAllBytes(ASSETS.resolve(name + ".br")), br.body());
    assertTrue(br.body().length < plain.length / 2);

    // Brotli refused: the gzip copy, which unpacks to the script itself.
    HttpResponse<byte[]> gz = get("/assets/" + name, "br;q=0, gzip");
    assertEquals("gzip", gz.headers().firstValue("content-encoding").orElse(null));
    assertArrayEquals(plain, new GZIPInputStream(new ByteArrayInputStream(gz.body())).readAllBytes());

    // No encoding asked for: the file as it is.
    HttpResponse<byte[]> identity = get("/assets/" + name, null);
    assertNull(identity.headers().firstValue("content-encoding").orElse(null));
    assertArrayEquals(plain, identity.body());
    assertEquals(404, get("/assets/nothing-here.js", "br").statusCode());
  }

  @Test
  void acceptEncodingIsReadWithItsWeights() {
    assertTrue(PrecompressedAssets.accepts("gzip, deflate, br", "br"));
    assertTrue(PrecompressedAssets.accepts("BR;q=0.5", "br"));
    assertFalse(PrecompressedAssets.accepts("br;q=0, gzip", "br"));
    assertFalse(PrecompressedAssets.accepts("br; q=0.000", "br"));
    assertTrue(PrecompressedAssets.accepts("*", "br"));
    assertFalse(PrecompressedAssets.accepts("*, br;q=0", "br"));
    assertFalse(PrecompressedAssets.accepts("gzip", "br"));
    assertFalse(PrecompressedAssets.accepts("identity", "gzip"));
  }
}
