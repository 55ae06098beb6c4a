package lianxin.schedule;

import io.vertx.core.json.JsonObject;
import lianxin.http.ApiException;
import lianxin.http.Fields;

/** Whether a change to an occurrence applies to it alone ("this") or to it and all later ones ("following"). */
final class Scope {

  private Scope() {
  }

  static boolean following(JsonObject body) {
    String scope = Fields.optionalText(body, "scope", 20);
    if (scope == null || scope.equals("this")) {
      return false;
    }
    if (scope.equals("following")) {
      return true;
    }
    throw ApiException.invalid("scope", "scope 应为 this 或 following。", "scope must be this or following.");
  }

  static ApiException notInSeries() {
    return ApiException.invalid("scope", "这期节目不属于系列，不能用 following。", "Only an occurrence of a series can change its following ones.");
  }
}
