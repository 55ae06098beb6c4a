package lianxin.relay;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import lianxin.http.ApiException;
import lianxin.http.Fields;

/**
 * The body of {@code PUT /api/rooms/{id}/relays}: the room's whole list of targets, in order,
 * {@code [{id?, platform, pushUrl?, enabled?}]}. A target sent with the {@code id} it was given keeps its stored
 * push URL unless a new {@code pushUrl} comes (pages only have the masked one); a target without an id is new and
 * needs one.
 */
record RelayInput(Long id, String platform, URI pushUrl, boolean enabled) {

  /** The platforms of room accounts and metrics ({@code metrics.Platforms}), and any other RTMP server. */
  static final List<String> PLATFORMS = List.of("douyin", "wechat-channels", "kuaishou", "bilibili", "custom");
  static final int MAX_TARGETS = 10;

  static List<RelayInput> parse(RoutingContext ctx) {
    JsonArray array;
    try {
      array = ctx.body().length() == 0 ? null : ctx.body().asJsonArray();
    } catch (RuntimeException e) {
      array = null;
    }
    if (array == null) {
      throw ApiException.badRequest("body", "请求体须是推流目标的 JSON 数组。", "The request body must be a JSON array of relay targets.");
    }
    if (array.size() > MAX_TARGETS) {
      throw ApiException.invalid("body", "一个直播间最多 " + MAX_TARGETS + " 个推流目标。", "A room has at most " + MAX_TARGETS + " relay targets.");
    }
    List<RelayInput> list = new ArrayList<>();
    Set<Long> ids = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      String at = "relays[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject item)) {
        throw ApiException.badRequest(at, at + " 须是对象 {platform, pushUrl, enabled}。", at + " must be an object {platform, pushUrl, enabled}.");
      }
      RelayInput input = one(at, item);
      if (input.id() != null && !ids.add(input.id())) {
        throw ApiException.invalid(at + ".id", "推流目标 " + input.id() + " 出现了两次。", "Relay target " + input.id() + " is listed twice.");
      }
      list.add(input);
    }
    return list;
  }

  private static RelayInput one(String at, JsonObject item) {
    for (String field : item.fieldNames()) {
      if (!List.of("id", "platform", "pushUrl", "enabled").contains(field)) {
        throw ApiException.invalid(at + "." + field, at + " 不认识字段 " + field + "，可用：id、platform、pushUrl、enabled。",
          at + " has an unknown field " + field + "; it takes id, platform, pushUrl, enabled.");
      }
    }
    Long id = Fields.optionalLong(item, "id");
    if (id != null && id <= 0) {
      throw ApiException.invalid(at + ".id", at + ".id 须是正整数。", at + ".id must be a positive whole number.");
    }
    String rawPlatform = Fields.optionalText(item, "platform", 40);
    String platform = rawPlatform == null ? null : rawPlatform.toLowerCase(Locale.ROOT).replace('_', '-');
    if (platform == null || !PLATFORMS.contains(platform)) {
      throw ApiException.invalid(at + ".platform", at + ".platform 须是 " + String.join("、", PLATFORMS) + " 之一。",
        at + ".platform must be one of " + String.join(", ", PLATFORMS) + ".");
    }
    String raw = item.getValue("pushUrl") instanceof String s ? s : null;
    if (item.getValue("pushUrl") != null && raw == null) {
      throw ApiException.badRequest(at + ".pushUrl", at + ".pushUrl 须是文字。", at + ".pushUrl must be a string.");
    }
    URI url = raw == null || raw.isBlank() ? null : PushUrls.parse(at + ".pushUrl", raw);
    if (url == null && id == null) {
      throw ApiException.invalid(at + ".pushUrl", at + ".pushUrl 不能为空：新的推流目标需要推流地址。",
        at + ".pushUrl is required for a new relay target.");
    }
    Object enabled = item.getValue("enabled");
    if (enabled != null && !(enabled instanceof Boolean)) {
      throw ApiException.badRequest(at + ".enabled", at + ".enabled 必须是 true 或 false。", at + ".enabled must be true or false.");
    }
    return new RelayInput(id, platform, url, enabled == null || (Boolean) enabled);
  }
}
