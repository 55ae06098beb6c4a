package lianxin.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import lianxin.support.Http;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One language at a time: an error answers in Chinese unless the client puts English first in Accept-Language,
 * never both in one message, with a stable code and the field at fault.
 */
@ExtendWith(VertxExtension.class)
class LanguageTest {

  static Http http;

  @BeforeAll
  static void start(Vertx vertx) {
    http = Http.local(vertx).anonymous();
  }

  static boolean han(String s) {
    return s.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
  }

  /** An English word of three letters or more, outside the field's own name. */
  static boolean english(String s, String field) {
    return s.replace(field, "").matches("(?s).*[A-Za-z]{3,}.*");
  }

  @Test
  void chineseByDefaultAndEnglishWhenAskedNeverBoth() {
    Http.Reply zh = http.get("/api/search?q=");
    assertEquals(4, zh.status() / 100, zh.body());
    assertEquals("q", zh.json().getString("field"), zh.body());
    String code = zh.json().getString("error");
    assertTrue(han(zh.message()) && !english(zh.message(), "q"), zh.message());
    assertEquals("zh-CN", zh.headers().get("content-language"));

    Http.Reply en = http.inLanguage("en-US,en;q=0.9,zh;q=0.5").get("/api/search?q=");
    assertFalse(han(en.message()), en.message());
    assertEquals(code, en.json().getString("error"));
    assertEquals("q", en.json().getString("field"));
    assertEquals("en", en.headers().get("content-language"));

    // A Chinese browser that also reads English still gets Chinese.
    assertTrue(han(http.inLanguage("zh-CN,zh;q=0.9,en;q=0.8").get("/api/search?q=").message()));
  }

  @Test
  void notFoundAndUnknownRoutesToo() {
    Http.Reply zh = http.get("/api/episodes/999999999");
    assertEquals(404, zh.status());
    assertEquals("找不到节目 999999999。", zh.message());
    assertEquals("No episode with id 999999999.", http.inLanguage("en").get("/api/episodes/999999999").message());
    Http.Reply route = http.get("/api/no-such-thing");
    assertTrue(han(route.message()) && !english(route.message(), ""), route.message());
  }
}
