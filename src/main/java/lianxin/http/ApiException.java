package lianxin.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A failure the client can act on. Thrown by handlers and turned into {@code {"error", "message", "field",
 * "details"}} by {@link Failures}: {@code error} a stable code, {@code message} in the client's language only
 * ({@link Lang}); every message is written in both ({@code zh}, {@code en}).
 */
public class ApiException extends RuntimeException {

  private final int status;
  private final String error;
  private final Text text;
  private final JsonObject details;

  public ApiException(int status, String error, Text text, JsonObject details) {
    super(text.zh(), null, false, false);
    this.status = status;
    this.error = error;
    this.text = text;
    this.details = details;
  }

  public ApiException(int status, String error, String zh, String en, JsonObject details) {
    this(status, error, Text.of(zh, en), details);
  }

  /** The message in both languages. */
  public Text text() {
    return text;
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
  public static ApiException badRequest(String field, String zh, String en) {
    return new ApiException(400, "bad_request", zh, en, new JsonObject().put("field", field));
  }

  /** Well-formed input that breaks a rule (end before start, too long, wrong room). */
  public static ApiException invalid(String field, String zh, String en) {
    return invalid(field, Text.of(zh, en));
  }

  public static ApiException invalid(String field, Text text) {
    return new ApiException(422, "invalid", text, new JsonObject().put("field", field));
  }

  public static ApiException notFound(String what, Object id) {
    return new ApiException(404, "not_found", "找不到" + whatZh(what) + " " + id + "。", "No " + what + " with id " + id + ".",
      new JsonObject().put("resource", what).put("id", String.valueOf(id)));
  }

  /** A state clash (double booking, wrong lifecycle step); {@code conflicts} lists the rows in the way. */
  public static ApiException conflict(String zh, String en, JsonArray conflicts) {
    return new ApiException(409, "conflict", zh, en, new JsonObject().put("conflicts", conflicts));
  }

  /** A state clash with nothing more to show. */
  public static ApiException conflict(String zh, String en) {
    return new ApiException(409, "conflict", zh, en, null);
  }

  /** A state clash; {@code details} says what the client needs to go on (an offset, the finished row). */
  public static ApiException conflict(String zh, String en, JsonObject details) {
    return new ApiException(409, "conflict", zh, en, details);
  }

  /** What the URL named existed but is gone for good (an expired upload); the message says what to do instead. */
  public static ApiException gone(String zh, String en, JsonObject details) {
    return new ApiException(410, "gone", zh, en, details);
  }

  /** A body over its limit, refused (before it is read, where the length is declared). */
  public static ApiException tooLarge(String zh, String en) {
    return tooLarge(zh, en, null);
  }

  /** A body over its limit; {@code details} says what the limit is. */
  public static ApiException tooLarge(String zh, String en, JsonObject details) {
    return new ApiException(413, "too_large", zh, en, details);
  }

  /** A body of a type the route does not take; the message says which it does. */
  public static ApiException unsupportedType(String zh, String en) {
    return unsupportedType(zh, en, null);
  }

  public static ApiException unsupportedType(String zh, String en, JsonObject details) {
    return new ApiException(415, "unsupported_media_type", zh, en, details);
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
