package lianxin.question;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.ZoneId;
import lianxin.http.Times;

/** A question as the API shows it; what only the room's managers see is added by {@link #withDesk}. */
final class Question {

  private Question() {
  }

  /** The link to an answer: the episode's page, opened at the second the answer starts. */
  static String link(long episodeId, long answerMs) {
    return "/episodes/" + episodeId + "?t=" + seconds(answerMs);
  }

  /** Whole seconds into the recording (the player seeks to the second; the moment is kept to the millisecond). */
  static long seconds(long answerMs) {
    return answerMs / 1000;
  }

  static JsonObject toJson(Row r) {
    ZoneId zone = ZoneId.of(r.getString("timezone"));
    JsonObject json = new JsonObject()
      .put("id", r.getLong("id"))
      .put("roomId", r.getLong("room_id"))
      .put("roomName", r.getString("room_name"))
      .put("columnId", r.getLong("column_id"))
      .put("columnName", r.getString("column_name"))
      .put("text", r.getString("text"))
      .put("nickname", r.getString("nickname"))
      .put("status", r.getString("status"))
      .put("votes", r.getInteger("votes"))
      .put("askedAt", Times.format(r.getOffsetDateTime("asked_at"), zone))
      .put("approvedAt", r.getOffsetDateTime("approved_at") == null ? null : Times.format(r.getOffsetDateTime("approved_at"), zone));
    Long episode = r.getLong("episode_id");
    if (episode != null) {
      Integer number = r.getInteger("episode_number");
      json.put("episode", new JsonObject().put("id", episode).put("title", r.getString("episode_title"))
        .put("number", number).put("numberLabel", number == null ? null : "第" + number + "期")
        .put("startsAt", Times.format(r.getOffsetDateTime("episode_starts_at"), zone))
        .put("status", r.getString("episode_status")));
    } else {
      json.putNull("episode");
    }
    Long answerEpisode = r.getLong("answer_episode_id");
    if (answerEpisode != null) {
      long ms = r.getLong("answer_ms");
      json.put("answer", new JsonObject().put("episodeId", answerEpisode).put("title", r.getString("answer_title"))
        .put("t", seconds(ms)).put("ms", ms)
        .put("answeredAt", Times.format(r.getOffsetDateTime("answered_at"), zone))
        // The link works once the recording is archived; until then the page says the replay is on its way.
        .put("replay", r.getBoolean("replay")).put("url", link(answerEpisode, ms)));
    } else {
      json.putNull("answer");
    }
    return json;
  }

  /** What the room's hosts and officials see besides: why it was hidden, what it was merged into. */
  static JsonObject withDesk(JsonObject json, Row r) {
    return json.put("hideReason", r.getString("hide_reason")).put("mergedInto", r.getLong("merged_into"));
  }
}
