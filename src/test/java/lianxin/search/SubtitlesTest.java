package lianxin.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubtitlesTest {

  @Test
  void srtWithBomCrlfAndCommaMillis() {
    String srt = "\uFEFF1\r\n00:00:01,500 --> 00:00:03,250\r\n第一行\r\n第二行\r\n\r\n2\r\n01:02:03,004 --> 01:02:04,000\r\n<b>加粗</b> &amp; 符号\r\n";
    assertEquals(List.of(new Subtitles.Cue(1500, 3250, "第一行\n第二行"), new Subtitles.Cue(3_723_004, 3_724_000, "加粗 & 符号")),
      Subtitles.parse(srt));
  }

  @Test
  void webVttWithHeaderNotesIdsSettingsShortTimesAndLongHours() {
    String vtt = "WEBVTT - 直播字幕\n\nNOTE 这是注释\n\nSTYLE\n::cue { color: red }\n\nintro\n00:05.1 --> 00:07.25 line:0\n<v 主持人>大家好\n\n"
      + "123:00:00.000 --> 123:00:01.000\n很长的直播\n";
    assertEquals(List.of(new Subtitles.Cue(5100, 7250, "大家好"), new Subtitles.Cue(442_800_000, 442_801_000, "很长的直播")),
      Subtitles.parse(vtt));
  }

  @Test
  void oldMacLineEndsAndEmptyCuesAreSkipped() {
    assertEquals(List.of(new Subtitles.Cue(0, 1000, "好")), Subtitles.parse("1\r00:00:00,000 --> 00:00:01,000\r好\r\r2\r00:00:02,000 --> 00:00:03,000\r\r"));
  }

  @Test
  void unreadableTimingOrNoCuesIsMalformed() {
    assertThrows(Subtitles.Malformed.class, () -> Subtitles.parse("1\n00:00:xx --> 00:00:01\n文字\n"));
    assertThrows(Subtitles.Malformed.class, () -> Subtitles.parse("WEBVTT\n\n"));
    assertThrows(Subtitles.Malformed.class, () -> Subtitles.parse("1\n00:00:05,000 --> 00:00:01,000\n倒着\n"));
  }

  @Test
  void webVttOutEscapesAndRoundTrips() {
    List<Subtitles.Cue> cues = List.of(new Subtitles.Cue(61_001, 3_600_000, "a < b & c"));
    String vtt = Subtitles.vtt(cues);
    assertEquals("WEBVTT\n\n00:01:01.001 --> 01:00:00.000\na &lt; b &amp; c\n", vtt);
    assertEquals(cues, Subtitles.parse(vtt));
  }
}
