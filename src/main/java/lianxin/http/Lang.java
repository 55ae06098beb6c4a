package lianxin.http;

import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * The language a client reads: Chinese unless its {@code Accept-Language} puts English first (the web pages send
 * the language the person chose). Vert.x sorts the header's languages by their q-values.
 */
public enum Lang {
  ZH, EN;

  public static Lang of(RoutingContext ctx) {
    var languages = ctx.acceptableLanguages();
    return !languages.isEmpty() && languages.get(0).tag().toLowerCase(Locale.ROOT).equals("en") ? EN : ZH;
  }

  /** The {@code Content-Language} of an answer in this language. */
  public String tag() {
    return this == EN ? "en" : "zh-CN";
  }
}
