package lianxin.question;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * How other features describe an episode's questions in text (calendar entries, podcast items): read with
 * {@link QuestionSql#WILL_ANSWER} and {@link QuestionSql#ANSWERED}.
 */
public final class Answers {

  private Answers() {
  }

  /** The description followed by 本期将回答 and the questions assigned to the episode; unchanged without any. */
  public static String withWillAnswer(String description, Object willAnswer) {
    if (!(willAnswer instanceof JsonArray texts) || texts.isEmpty()) {
      return description;
    }
    StringBuilder out = new StringBuilder(description == null || description.isEmpty() ? "" : description + "\n\n");
    out.append("本期将回答：");
    for (Object text : texts) {
      out.append("\n· ").append(text);
    }
    return out.toString();
  }

  /** The description followed by the questions answered in the episode, each with its time in the recording. */
  public static String withAnswered(String description, Object answered) {
    if (!(answered instanceof JsonArray items) || items.isEmpty()) {
      return description;
    }
    StringBuilder out = new StringBuilder(description == null || description.isEmpty() ? "" : description + "\n\n");
    out.append("本期回答的问题：");
    for (Object item : items) {
      JsonObject q = (JsonObject) item;
      out.append("\n").append(clock(q.getLong("ms"))).append(" ").append(q.getString("text"));
    }
    return out.toString();
  }

  /** A moment as podcast apps link it in a description: m:ss, or h:mm:ss from an hour on. */
  public static String clock(long ms) {
    long s = ms / 1000;
    return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
  }

  /** A chapter's title for an answered question: 问： and the text, cut to 60 characters. */
  public static String chapterTitle(String text) {
    String oneLine = text.replaceAll("\\s+", " ");
    return "问：" + (oneLine.codePointCount(0, oneLine.length()) > 60
      ? oneLine.substring(0, oneLine.offsetByCodePoints(0, 59)) + "…" : oneLine);
  }
}
