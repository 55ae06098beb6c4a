package lianxin.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The script and style files a page's code needs, read from Vite's build manifest ({@code .vite/manifest.json}), so
 * the HTML can name them and the browser fetches them with the app's own script instead of one round trip after it.
 * On a 400 ms link the app otherwise finds the page's chunks only once its entry has run (about 1.5 s in).
 */
final class ScriptPreloads {

  private static final Logger LOG = Logger.getLogger(ScriptPreloads.class.getName());
  /**
   * The episode page's code, the replay's segment loader among its imports. Not hls.js, which only a live episode
   * loads.
   */
  static final List<String> EPISODE = List.of("src/pages/EpisodePage.vue");
  static final List<String> ROOM = List.of("src/pages/RoomPage.vue");

  private final JsonObject manifest;

  private ScriptPreloads(JsonObject manifest) {
    this.manifest = manifest;
  }

  /** The manifest of the build in {@code webDir}; none (no hints) when the build has none. */
  static ScriptPreloads read(Path webDir) {
    Path file = webDir.resolve(".vite").resolve("manifest.json");
    try {
      return new ScriptPreloads(Files.isRegularFile(file) ? new JsonObject(Files.readString(file)) : new JsonObject());
    } catch (IOException | RuntimeException e) {
      LOG.warning("no script preloads: " + file + " is unreadable (" + e.getMessage() + ")");
      return new ScriptPreloads(new JsonObject());
    }
  }

  /** The modules {@code sources} need beyond the entry (which the page loads anyway), as root-relative paths. */
  List<String> modules(List<String> sources) {
    Set<String> files = new LinkedHashSet<>();
    sources.forEach(s -> walk(s, files, "js"));
    return paths(files);
  }

  /** Their style sheets. */
  List<String> styles(List<String> sources) {
    Set<String> files = new LinkedHashSet<>();
    sources.forEach(s -> walk(s, files, "css"));
    return paths(files);
  }

  private void walk(String source, Set<String> into, String kind) {
    JsonObject chunk = manifest.getJsonObject(source);
    if (chunk == null || chunk.getBoolean("isEntry", false)) {
      return;
    }
    if (kind.equals("js")) {
      into.add(chunk.getString("file"));
    } else {
      chunk.getJsonArray("css", new JsonArray()).forEach(c -> into.add((String) c));
    }
    chunk.getJsonArray("imports", new JsonArray()).forEach(i -> walk((String) i, into, kind));
  }

  private static List<String> paths(Set<String> files) {
    List<String> out = new ArrayList<>();
    files.forEach(f -> out.add("/" + f));
    return out;
  }
}
