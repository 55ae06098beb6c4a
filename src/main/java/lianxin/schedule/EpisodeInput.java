package lianxin.schedule;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.List;
import lianxin.http.ApiException;
import lianxin.http.Fields;

/**
 * The writable fields of an episode as sent by a client. For a PATCH, absent fields are null and keep their
 * value; {@code clearColumn} tells an explicit {@code "columnId": null} from an absent one.
 */
record EpisodeInput(String title, String description, Long columnId, boolean clearColumn,
                    OffsetDateTime startsAt, OffsetDateTime endsAt, List<Long> hostIds, List<Long> guestIds) {

  static final int TITLE_MAX = 200;
  static final int DESCRIPTION_MAX = 5000;
  /** What PATCH takes; the room, status and number change only through their own routes. */
  static final String[] EDITABLE = {"title", "description", "columnId", "startsAt", "endsAt", "hostIds", "guestIds", "scope",
    "confirmRenumber"};

  static EpisodeInput forCreate(JsonObject body) {
    EpisodeInput input = new EpisodeInput(
      Fields.text(body, "title", TITLE_MAX),
      Fields.optionalParagraph(body, "description", DESCRIPTION_MAX),
      Fields.optionalLong(body, "columnId"), false,
      Fields.instant(body, "startsAt"),
      Fields.instant(body, "endsAt"),
      Fields.longList(body, "hostIds"),
      Fields.longList(body, "guestIds"));
    new Slot(input.startsAt, input.endsAt);
    input.checkPeople();
    return input;
  }

  static EpisodeInput forUpdate(JsonObject body) {
    EpisodeInput input = new EpisodeInput(
      body.containsKey("title") ? Fields.text(body, "title", TITLE_MAX) : null,
      Fields.optionalParagraph(body, "description", DESCRIPTION_MAX),
      Fields.optionalLong(body, "columnId"),
      body.containsKey("columnId") && body.getValue("columnId") == null,
      body.containsKey("startsAt") ? Fields.instant(body, "startsAt") : null,
      body.containsKey("endsAt") ? Fields.instant(body, "endsAt") : null,
      body.containsKey("hostIds") ? Fields.longList(body, "hostIds") : null,
      body.containsKey("guestIds") ? Fields.longList(body, "guestIds") : null);
    input.checkPeople();
    return input;
  }

  boolean changesPeople() {
    return hostIds != null || guestIds != null;
  }

  boolean changesTime() {
    return startsAt != null || endsAt != null;
  }

  private void checkPeople() {
    if (hostIds != null && guestIds != null && hostIds.stream().anyMatch(guestIds::contains)) {
      throw ApiException.invalid("guestIds", "同一个人不能既是主播又是嘉宾。", "A person cannot be both host and guest.");
    }
  }
}
