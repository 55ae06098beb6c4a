package lianxin.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;

/** Creates the rows a test needs through the API, with names that never collide between tests. */
public final class Seed {

  private static final AtomicInteger SEQ = new AtomicInteger();

  private final Http http;

  public Seed(Http http) {
    this.http = http;
  }

  public static String unique(String name) {
    return String.format("%s-%05d-%d", name, System.nanoTime() % 100000, SEQ.incrementAndGet());
  }

  public long org(String name, String kind, Long parentId) {
    return created(http.post("/api/orgs", new JsonObject().put("name", unique(name)).put("kind", kind).put("parentId", parentId)));
  }

  public long district() {
    return org("新城区", "district", null);
  }

  public long room(long orgId, int offset, String timezone) {
    return created(http.post("/api/rooms", new JsonObject().put("name", unique("党群连心桥")).put("orgId", orgId)
      .put("episodeOffset", offset).put("timezone", timezone)
      .put("platforms", new JsonArray().add(new JsonObject().put("platform", "douyin").put("account", "hlbl")))));
  }

  public long room() {
    return room(district(), 0, "Asia/Shanghai");
  }

  public long column(long roomId, String name) {
    return created(http.post("/api/rooms/" + roomId + "/columns", new JsonObject().put("name", unique(name))));
  }

  public long person(String name) {
    return created(http.post("/api/people", new JsonObject().put("name", name)));
  }

  /**
   * An episode at that time. Seeding is not about numbers: it confirms moving the numbers of episodes already there
   * (a test of that rule posts without {@code confirmRenumber}). A past one is aired at once, as any entered late is.
   */
  public JsonObject episode(long roomId, String title, String startsAt, String endsAt) {
    Http.Reply reply = http.post("/api/rooms/" + roomId + "/episodes",
      new JsonObject().put("title", title).put("startsAt", startsAt).put("endsAt", endsAt).put("confirmRenumber", true));
    if (reply.status() != 201) {
      throw new AssertionError("episode not created: " + reply);
    }
    return reply.json();
  }

  /** An episode that has aired (a past one, entered after the fact): {@code day}, 19:30 to 20:30 Beijing time. */
  public long airedEpisode(long roomId, String day) {
    return episode(roomId, "社区医院就医指南", day + "T19:30:00+08:00", day + "T20:30:00+08:00").getLong("id");
  }

  private static long created(Http.Reply reply) {
    if (reply.status() != 201) {
      throw new AssertionError("expected 201, got " + reply);
    }
    return reply.json().getLong("id");
  }
}
