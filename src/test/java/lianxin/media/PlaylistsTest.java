package lianxin.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lindstrom.m3u8.model.MasterPlaylist;
import io.lindstrom.m3u8.model.MediaPlaylist;
import io.lindstrom.m3u8.model.MediaSegment;
import io.lindstrom.m3u8.model.Resolution;
import io.lindstrom.m3u8.model.Variant;
import io.lindstrom.m3u8.parser.PlaylistParserException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Playlists as FFmpeg writes them (archive rungs, the live source copy) and as other servers send them. */
class PlaylistsTest {

  /** An archive rung: FFmpeg 5.1, -hls_segment_type fmp4 -hls_playlist_type vod -hls_flags independent_segments. */
  static final String RUNG = """
    #EXTM3U
    #EXT-X-VERSION:7
    #EXT-X-TARGETDURATION:2
    #EXT-X-MEDIA-SEQUENCE:0
    #EXT-X-PLAYLIST-TYPE:VOD
    #EXT-X-INDEPENDENT-SEGMENTS
    #EXT-X-MAP:URI="init.mp4"
    #EXTINF:2.000000,
    seg00000.m4s
    #EXTINF:2.000000,
    seg00001.m4s
    #EXTINF:1.000000,
    seg00002.m4s
    #EXT-X-ENDLIST
    """;

  /** The live source copy after a publisher came back (append_list+discont_start+omit_endlist), with CRLF lines. */
  static final String LIVE = String.join("\r\n", "#EXTM3U", "#EXT-X-VERSION:6", "#EXT-X-TARGETDURATION:2",
    "#EXT-X-MEDIA-SEQUENCE:41", "#EXT-X-INDEPENDENT-SEGMENTS", "#EXTINF:2.000000,", "seg00041.ts", "#EXT-X-DISCONTINUITY",
    "#EXTINF:2.080000,", "seg00042.ts", "#EXTINF:1.960000,", "seg00043.ts", "");

  /** A master: audio-only first, a tag and an attribute the parser does not know, blank lines as FFmpeg leaves. */
  static final String MASTER = """
    #EXTM3U
    #EXT-X-VERSION:7
    #EXT-X-STREAM-INF:BANDWIDTH=160000,CODECS="mp4a.40.2"
    a/index.m3u8

    #EXT-X-STREAM-INF:BANDWIDTH=231000,RESOLUTION=426x240,SOMETHING-NEW=1
    v2/index.m3u8
    #EXT-X-SOMETHING-ELSE:42

    #EXT-X-STREAM-INF:BANDWIDTH=1255717,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2"
    v1/index.m3u8
    """;

  @Test
  void anArchiveRungListsItsInitSectionAndSegmentsWithDurations() throws Exception {
    MediaPlaylist rung = Playlists.media(RUNG);
    assertEquals(2, rung.targetDuration());
    assertFalse(rung.ongoing());
    List<MediaSegment> segments = rung.mediaSegments();
    assertEquals(List.of("seg00000.m4s", "seg00001.m4s", "seg00002.m4s"), segments.stream().map(MediaSegment::uri).toList());
    assertEquals(List.of(2.0, 2.0, 1.0), segments.stream().map(MediaSegment::duration).toList());
    assertEquals("init.mp4", segments.get(0).segmentMap().orElseThrow().uri());
  }

  @Test
  void aLivePlaylistHasNoEndAndKeepsItsSequenceAndDiscontinuity() throws Exception {
    MediaPlaylist live = Playlists.media(LIVE);
    assertTrue(live.ongoing());
    assertEquals(41, live.mediaSequence());
    assertEquals(List.of("seg00041.ts", "seg00042.ts", "seg00043.ts"), live.mediaSegments().stream().map(MediaSegment::uri).toList());
    assertEquals(2.08, live.mediaSegments().get(1).duration(), 1e-9);
    assertTrue(live.mediaSegments().get(1).discontinuity());
  }

  @Test
  void aMasterListsItsVariantsSkippingWhatTheParserDoesNotKnow() throws Exception {
    List<Variant> variants = Playlists.master(MASTER).variants();
    assertEquals(List.of("a/index.m3u8", "v2/index.m3u8", "v1/index.m3u8"), variants.stream().map(Variant::uri).toList());
    assertEquals(List.of(160_000L, 231_000L, 1_255_717L), variants.stream().map(Variant::bandwidth).toList());
    assertEquals(Optional.empty(), variants.get(0).resolution());
    assertEquals(Optional.of(Resolution.of(640, 360)), variants.get(2).resolution());
    assertEquals(List.of("avc1.64001e", "mp4a.40.2"), variants.get(2).codecs());
  }

  @Test
  void everyUrlAPlaylistNamesIsListedKeysAndInitSectionsToo() throws Exception {
    String remote = """
      #EXTM3U
      #EXT-X-VERSION:6
      #EXT-X-TARGETDURATION:6
      #EXT-X-KEY:METHOD=AES-128,URI="https://keys.example/k1",IV=0x00000000000000000000000000000001
      #EXT-X-MAP:URI="init.mp4",BYTERANGE="720@0"
      #EXTINF:6.006,title
      #EXT-X-BYTERANGE:100000@720
      media.mp4
      #EXT-X-KEY:METHOD=NONE
      #EXTINF:5.5,
      http://cdn.example/other.m4s
      """;
    assertEquals(List.of("https://keys.example/k1", "init.mp4", "media.mp4", "http://cdn.example/other.m4s"),
      Playlists.uris(Playlists.media(remote)));
    String master = "#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aud\",NAME=\"main\",URI=\"a.m3u8\"\n"
      + "#EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,GROUP-ID=\"cc\",NAME=\"cc1\",INSTREAM-ID=\"CC1\"\n"
      + "#EXT-X-STREAM-INF:BANDWIDTH=900000,AUDIO=\"aud\"\nv.m3u8\n"
      + "#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=90000,URI=\"iframes.m3u8\"\n";
    assertEquals(List.of("a.m3u8", "v.m3u8", "iframes.m3u8"), Playlists.uris(Playlists.master(master)));
  }

  @Test
  void aWrittenMasterReadsBackTheSame() throws Exception {
    MasterPlaylist written = MasterPlaylist.builder().version(7).independentSegments(true)
      .addVariants(Variant.builder().bandwidth(220_000).resolution(Resolution.of(426, 240)).uri("v2/index.m3u8").build())
      .addVariants(Variant.builder().bandwidth(122_000).addCodecs("mp4a.40.2").uri("a/index.m3u8").build()).build();
    String text = Playlists.write(written);
    assertEquals("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n"
      + "#EXT-X-STREAM-INF:BANDWIDTH=220000,RESOLUTION=426x240\nv2/index.m3u8\n"
      + "#EXT-X-STREAM-INF:BANDWIDTH=122000,CODECS=\"mp4a.40.2\"\na/index.m3u8\n", text);
    assertEquals(written, Playlists.master(text));
  }

  @Test
  void aWrittenRungReadsBackTheSame() throws Exception {
    MediaPlaylist rung = Playlists.media(RUNG);
    assertEquals(rung, Playlists.media(Playlists.write(rung)));
    assertTrue(Playlists.write(rung).endsWith("#EXTINF:1.0,\nseg00002.m4s\n#EXT-X-ENDLIST\n"), Playlists.write(rung));
  }

  @Test
  void malformedPlaylistsFailNamingTheLine() {
    assertMalformed(RUNG.replace("#EXTINF:2.000000,\nseg00001", "#EXTINF:two,\nseg00001"), "line 10 \"#EXTINF:two,\"", false);
    assertMalformed(RUNG.replace("#EXT-X-TARGETDURATION:2\n", ""), "targetDuration", false);
    assertMalformed(RUNG.replace("#EXTINF:1.000000,\n", ""), "line 12 \"seg00002.m4s\"", false);
    assertMalformed(RUNG.replace("#EXT-X-PLAYLIST-TYPE:VOD", "#EXT-X-PLAYLIST-TYPE:FOREVER"), "line 5", false);
    assertMalformed("<!doctype html>\n<p>Not found</p>\n", "line 1 \"<!doctype html>\"", false);
    assertMalformed("", "no lines", false);
    assertMalformed(MASTER.replace("RESOLUTION=640x360", "RESOLUTION=wide"), "Invalid resolution: wide", true);
    assertMalformed(MASTER.replace("\nv1/index.m3u8\n", "\n"), "the playlist ends there", true);
  }

  static void assertMalformed(String text, String where, boolean master) {
    PlaylistParserException e = assertThrows(PlaylistParserException.class,
      () -> {
        if (master) {
          Playlists.master(text);
        } else {
          Playlists.media(text);
        }
      });
    assertTrue(e.getMessage().startsWith("Malformed HLS playlist, ") && e.getMessage().contains(where), e.getMessage());
  }
}
