package lianxin.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A failure the client can act on. Thrown by handlers and turned into
 * {@code {"error", "message", "details"}} by {@link Failures}; messages are Chinese first, English second.
 */
public class ApiException extends RuntimeException {

  private final int status;
  private final String error;
  private final JsonObject details;

  public ApiException(int status, String error, String message, JsonObject details) {
    super(message, null, false, false);
    this.status = status;
    this.error = error;
    this.details = details;
  }

  public int status() {
    return status;
  }

  public String error() {
    return error;
  }

  public JsonObject details() {
    return details;
  }

  /** Malformed input: not JSON, wrong type, unparseable value. */
  public static ApiException badRequest(String field, String message) {
    return new ApiException(400, "bad_request", message, new JsonObject().put("field", field));
  }

  /** Well-formed input that breaks a rule (end before start, too long, wrong room). */
  public static ApiException invalid(String field, String message) {
    return new ApiException(422, "invalid", message, new JsonObject().put("field", field));
  }

  public static ApiException notFound(String what, Object id) {
    return new ApiException(404, "not_found", "找不到" + whatZh(what) + " " + id + "。No " + what + " with id " + id + ".",
      new JsonObject().put("resource", what).put("id", String.valueOf(id)));
  }

  /** A state clash (double booking, wrong lifecycle step); {@code conflicts} lists the rows in the way. */
  public static ApiException conflict(String message, JsonArray conflicts) {
    return new ApiException(409, "conflict", message, new JsonObject().put("conflicts", conflicts));
  }

  /** A state clash with nothing more to show. */
  public static ApiException conflict(String message) {
    return new ApiException(409, "conflict", message, null);
  }

  /** A state clash; {@code details} says what the client needs to go on (an offset, the finished row). */
  public static ApiException conflict(String message, JsonObject details) {
    return new ApiException(409, "conflict", message, details);
  }

  /** What the URL named existed but is gone for good (an expired upload); the message says what to do instead. */
  public static ApiException gone(String message, JsonObject details) {
    return new ApiException(410, "gone", message, details);
  }

  /** A body over its limit, refused (before it is read, where the length is declared). */
  public static ApiException tooLarge(String message) {
    return tooLarge(message, null);
  }

  /** A body over its limit; {@code details} says what the limit is. */
  public static ApiException tooLarge(String message, JsonObject details) {
    return new ApiException(413, "too_large", message, details);
  }

  /** A body of a type the route does not take; the message says which it does. */
  public static ApiException unsupportedType(String message) {
    return unsupportedType(message, null);
  }

  public static ApiException unsupportedType(String message, JsonObject details) {
    return new ApiException(415, "unsupported_media_type", message, details);
  }

  private static String whatZh(String what) {
    return switch (what) {
      case "org" -> "机构";
      case "room" -> "直播间";
      case "column" -> "栏目";
      case "person" -> "人员";
      case "episode" -> "节目";
      case "series" -> "系列";
      default -> what;
    };
  }
}
