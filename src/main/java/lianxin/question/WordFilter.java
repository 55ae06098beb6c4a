package lianxin.question;

import com.github.houbb.sensitive.word.bs.SensitiveWordBs;
import com.github.houbb.sensitive.word.support.allow.WordAllows;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import lianxin.http.ApiException;

/**
 * Refuses a question holding a word of the sensitive-word library's dictionary (a DFA over ~64,000 words, which
 * also flags long digit runs such as phone numbers, e-mail addresses and links) or one of the room's own blocked
 * words. The dictionary is loaded once, on a worker, when the node starts (5-10 s on a busy 2-core machine).
 * The dictionary also blocks words residents need for public services (政府, 书记, 拆迁, 上访...):
 * {@code allowed-words.txt} beside this class lists them.
 */
final class WordFilter {

  private final Future<SensitiveWordBs> words;

  WordFilter(Vertx vertx) {
    this.words = vertx.executeBlocking(() -> {
      List<String> allowed = allowed();
      return SensitiveWordBs.newInstance()
        .wordAllow(WordAllows.chains(WordAllows.defaults(), () -> allowed))
        // No phone numbers (runs of 8+ digits), e-mail addresses or links in a public question.
        .enableNumCheck(true).enableEmailCheck(true).enableUrlCheck(true)
        .init();
    }, false);
  }

  private static List<String> allowed() throws IOException {
    try (InputStream in = WordFilter.class.getResourceAsStream("allowed-words.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }
  }

  /** Ready once the dictionary has loaded (a second or so). */
  Future<Void> ready() {
    return words.mapEmpty();
  }

  /** Fails with a 422 naming {@code field} when {@code text} holds a blocked word. */
  Future<Void> check(String field, String text, List<String> roomWords) {
    String plain = fold(text);
    for (String word : roomWords) {
      if (plain.contains(fold(word))) {
        return Future.failedFuture(refused(field, word));
      }
    }
    return words.map(bs -> {
      String found = bs.findFirst(text);
      if (found != null) {
        throw refused(field, found);
      }
      return null;
    });
  }

  /** Full-width to half-width, lower case, no spaces: 加 装 and ＡＢ still match 加装 and ab. */
  static String fold(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).replaceAll("\\s+", "");
  }

  private static ApiException refused(String field, String word) {
    return ApiException.invalid(field, "内容含有不允许发布的词语「" + word + "」，请修改后再提交（不要填写电话号码、链接等个人信息）。",
      "The text contains a word that may not be published (\"" + word + "\"); please change it (no phone numbers or links).");
  }
}
