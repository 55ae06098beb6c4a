package lianxin.search;

import lianxin.http.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads SubRip (.srt) and WebVTT cues and writes WebVTT. No subtitle library on Maven Central is both kept up and
 * small (subtitleparser-style projects are unmaintained), and the two formats' timing lines are simple; this reads
 * what real files carry: a byte-order mark, CRLF or CR line ends, comma or dot before the milliseconds, hours of any
 * width or none (mm:ss.ttt in WebVTT), cue settings after the end time, NOTE/STYLE/REGION blocks, and tags in the
 * text (stripped: the transcript is plain text).
 */
public final class Subtitles {

  /** A cue: times in milliseconds, text with its line breaks. */
  public record Cue(long startMs, long endMs, String text) {
  }

  private static final Pattern TIMING = Pattern.compile(
    "^\\s*((?:\\d+:)?\\d{1,2}:\\d{1,2}[.,]\\d{1,3})\\s*-->\\s*((?:\\d+:)?\\d{1,2}:\\d{1,2}[.,]\\d{1,3})(?:\\s.*)?$");
  private static final Pattern TAGS = Pattern.compile("<[^>]*>|\\{\\\\[^}]*}");

  private Subtitles() {
  }

  /** Thrown for text that has no cue at all or a timing line that cannot be read; the message says which line. */
  public static final class Malformed extends RuntimeException {
    private final Text text;

    Malformed(Text text) {
      super(text.toString(), null, false, false);
      this.text = text;
    }

    public Text text() {
      return text;
    }
  }

  public static List<Cue> parse(String raw) {
    String text = raw.startsWith("\uFEFF") ? raw.substring(1) : raw;
    String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
    List<Cue> cues = new ArrayList<>();
    boolean vtt = lines.length > 0 && lines[0].startsWith("WEBVTT");
    int i = vtt ? 1 : 0;
    while (i < lines.length) {
      // A block runs to the next blank line.
      int start = i;
      while (i < lines.length && !lines[i].isBlank()) {
        i++;
      }
      block(lines, start, i, cues);
      while (i < lines.length && lines[i].isBlank()) {
        i++;
      }
    }
    if (cues.isEmpty()) {
      throw new Malformed(Text.of("没有找到任何字幕。", "No cues found: is this SubRip or WebVTT?"));
    }
    return cues;
  }

  private static void block(String[] lines, int from, int to, List<Cue> cues) {
    if (from >= to) {
      return;
    }
    String first = lines[from].strip();
    if (first.startsWith("NOTE") || first.equals("STYLE") || first.equals("REGION")) {
      return;
    }
    int timing = from;
    Matcher m = TIMING.matcher(lines[timing]);
    if (!m.matches() && from + 1 < to) {
      timing = from + 1; // a cue number (SRT) or identifier (WebVTT) comes first
      m = TIMING.matcher(lines[timing]);
    }
    if (!m.matches()) {
      throw new Malformed(Text.of("第 " + (from + 1) + " 行附近的时间轴无法识别：" + lines[timing].strip() + "。",
        "Cannot read the timing near line " + (from + 1) + ": " + lines[timing].strip()));
    }
    long start = millis(m.group(1));
    long end = millis(m.group(2));
    if (end < start) {
      throw new Malformed(Text.of("第 " + (timing + 1) + " 行的结束时间早于开始时间。", "The cue on line " + (timing + 1) + " ends before it starts."));
    }
    StringBuilder body = new StringBuilder();
    for (int k = timing + 1; k < to; k++) {
      String line = TAGS.matcher(lines[k]).replaceAll("").strip();
      if (!line.isEmpty()) {
        body.append(body.length() == 0 ? "" : "\n").append(unescape(line));
      }
    }
    if (body.length() > 0) {
      cues.add(new Cue(start, end, body.toString()));
    }
  }

  /** hh:mm:ss,ttt or mm:ss.ttt; fewer than three fraction digits are tenths or hundredths. */
  static long millis(String time) {
    String[] main = time.split("[.,]");
    String[] parts = main[0].split(":");
    long seconds = 0;
    for (String p : parts) {
      seconds = seconds * 60 + Long.parseLong(p);
    }
    String frac = (main[1] + "00").substring(0, 3);
    return seconds * 1000 + Long.parseLong(frac);
  }

  private static String unescape(String s) {
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&nbsp;", " ").replace("&amp;", "&");
  }

  /** WebVTT for the player: cue text escaped, as the format requires for & and <. */
  public static String vtt(List<Cue> cues) {
    StringBuilder out = new StringBuilder("WEBVTT\n");
    for (Cue c : cues) {
      out.append('\n').append(time(c.startMs())).append(" --> ").append(time(c.endMs())).append('\n')
        .append(c.text().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")).append('\n');
    }
    return out.toString();
  }

  /** Chapters as WebVTT: each runs to the next one's start, the last to {@code endMs}. */
  public static String chapters(List<Long> starts, List<String> titles, long endMs) {
    List<Cue> cues = new ArrayList<>();
    for (int i = 0; i < starts.size(); i++) {
      long end = i + 1 < starts.size() ? starts.get(i + 1) : Math.max(endMs, starts.get(i) + 1000);
      cues.add(new Cue(starts.get(i), end, titles.get(i)));
    }
    StringBuilder out = new StringBuilder("WEBVTT\n");
    for (int i = 0; i < cues.size(); i++) {
      Cue c = cues.get(i);
      out.append('\n').append("chapter-").append(i + 1).append('\n').append(time(c.startMs())).append(" --> ")
        .append(time(c.endMs())).append('\n')
        .append(c.text().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")).append('\n');
    }
    return out.toString();
  }

  static String time(long ms) {
    return String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
  }
}
