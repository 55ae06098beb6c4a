package lianxin.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Assertions on replies that several features share. */
public final class Asserts {

  private Asserts() {
  }

  /** The request was refused with {@code status}, naming {@code field} as the one to fix. */
  public static void assertField(Http.Reply reply, int status, String field) {
    assertEquals(status, reply.status(), reply.body());
    assertEquals(field, reply.json().getJsonObject("details").getString("field"), reply.body());
  }
}
