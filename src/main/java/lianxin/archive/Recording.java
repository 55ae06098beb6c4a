package lianxin.archive;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.ZoneOffset;
import lianxin.capture.Sources;
import lianxin.http.Lang;
import lianxin.http.Redact;
import lianxin.http.Times;
import lianxin.media.MediaUrls;

/** A recording as clients see it, from a row of {@code recordings}. */
final class Recording {

  private Recording() {
  }

  /**
   * {@code manager}: may the caller manage the recording's room? Everyone else (anonymous readers included) sees the
   * source redacted (no userinfo, query or fragment; a capture's source only by kind and host), since a pull URL
   * may carry a password or a signed query.
   */
  static JsonObject toJson(Row row, boolean manager, Lang lang) {
    String source = row.getString("source");
    String sourceName = row.getString("source_name");
    String sourceUrl = row.getString("source_url");
    if (!manager) {
      sourceName = "capture".equals(source) ? Sources.masked(sourceName) : Redact.url(sourceName);
      sourceUrl = Redact.url(sourceUrl);
    }
    JsonObject media = new JsonObject()
      .put("master", url(row.getString("master_key")))
      .put("audio", url(row.getString("audio_key")))
      .put("poster", url(row.getString("poster_key")))
      .put("storyboard", url(row.getString("storyboard_key")))
      .put("chapters", url(row.getString("chapters_key")));
    Float percent = row.getFloat("percent");
    return new JsonObject()
      .put("id", row.getLong("id"))
      .put("episodeId", row.getLong("episode_id"))
      .put("status", row.getString("status"))
      .put("stage", row.getString("stage"))
      .put("percent", percent == null ? 0 : Math.round(percent * 10) / 10.0)
      .put("etaSeconds", row.getInteger("eta_seconds"))
      // The reason in the reader's language; one stored before both were kept is shown as it was.
      .put("error", Redact.inText(lang == Lang.EN && row.getString("error_en") != null ? row.getString("error_en") : row.getString("error")))
      .put("attempts", row.getInteger("attempts"))
      .put("source", source)
      .put("sourceName", sourceName)
      .put("sourceUrl", sourceUrl)
      .put("sha256", row.getString("sha256"))
      .put("bytes", row.getLong("bytes"))
      .put("kind", row.getString("kind"))
      .put("durationSeconds", row.getDouble("duration_seconds"))
      .put("width", row.getInteger("width"))
      .put("height", row.getInteger("height"))
      .put("videoCodec", row.getString("video_codec"))
      .put("audioCodec", row.getString("audio_codec"))
      .put("loudnessLufs", row.getDouble("loudness_lufs"))
      .put("media", media)
      .put("createdAt", Times.format(row.getOffsetDateTime("created_at"), ZoneOffset.UTC))
      .put("finishedAt", Times.format(row.getOffsetDateTime("finished_at"), ZoneOffset.UTC));
  }

  private static String url(String key) {
    return MediaUrls.of(key);
  }
}
