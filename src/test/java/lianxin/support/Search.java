package lianxin.support;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Asking the search API and reading its answers, for the tests of search and of what feeds it. */
public final class Search {

  private Search() {
  }

  /** {@code path} with the search words as its {@code q} parameter. */
  public static String q(String path, String query) {
    return path + (path.contains("?") ? "&" : "?") + "q=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
  }

  /** The episode ids of a search answer, in the order given. */
  public static List<Long> ids(JsonObject result) {
    List<Long> ids = new ArrayList<>();
    for (Object item : result.getJsonArray("items")) {
      ids.add(((JsonObject) item).getJsonObject("episode").getLong("id"));
    }
    return ids;
  }
}
