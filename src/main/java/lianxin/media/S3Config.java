package lianxin.media;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lianxin.StartupException;

/**
 * Where media lives when it is not the local folder: an S3-compatible bucket. Off (the local folder, {@code MEDIA_DIR})
 * unless {@code S3_BUCKET} is set; then the access key and secret must be set too, and a node with only some of them
 * refuses to start, naming what is missing.
 *
 * @param endpoint   {@code S3_ENDPOINT}: the API address (MinIO, Ceph RGW, OSS ...); null for AWS itself
 * @param bucket     {@code S3_BUCKET}; null: the local folder
 * @param region     {@code S3_REGION}, us-east-1
 * @param accessKey  {@code S3_ACCESS_KEY}
 * @param secretKey  {@code S3_SECRET_KEY}
 * @param pathStyle  {@code S3_PATH_STYLE}: bucket in the path instead of the host name; on by default when an endpoint
 *                   is given (what MinIO and Ceph need), off for AWS
 * @param publicUrl  {@code MEDIA_PUBLIC_URL}: a CDN in front of the bucket; {@code /media/<key>} then redirects to
 *                   {@code <publicUrl>/<key>}
 * @param serve      {@code S3_MEDIA_SERVE}: how {@code /media/...} answers without a CDN: {@code proxy} (default, the
 *                   node streams the bytes, Range honoured) or {@code presign} (a redirect to a 5-minute presigned URL)
 */
public record S3Config(URI endpoint, String bucket, String region, String accessKey, String secretKey, boolean pathStyle,
                       String publicUrl, String serve) {

  /** The local folder. */
  public static final S3Config NONE = new S3Config(null, null, "us-east-1", null, null, false, null, "proxy");

  public boolean enabled() {
    return bucket != null;
  }

  public static S3Config fromEnv(Map<String, String> env) {
    String endpoint = value(env, "S3_ENDPOINT");
    String bucket = value(env, "S3_BUCKET");
    String access = value(env, "S3_ACCESS_KEY");
    String secret = value(env, "S3_SECRET_KEY");
    String publicUrl = value(env, "MEDIA_PUBLIC_URL");
    if (bucket == null && endpoint == null && access == null && secret == null && publicUrl == null) {
      return NONE;
    }
    List<String> missing = new ArrayList<>();
    for (String[] v : new String[][] {{"S3_BUCKET", bucket}, {"S3_ACCESS_KEY", access}, {"S3_SECRET_KEY", secret}}) {
      if (v[1] == null) {
        missing.add(v[0]);
      }
    }
    if (!missing.isEmpty()) {
      throw new StartupException("media in S3 is half configured: " + String.join(", ", missing)
        + (missing.size() == 1 ? " is" : " are") + " missing (set all of S3_BUCKET, S3_ACCESS_KEY, S3_SECRET_KEY, or none)");
    }
    if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new StartupException("S3_BUCKET must be a bucket name (3 to 63 of a-z 0-9 . -), got '" + bucket + "'");
    }
    String serve = value(env, "S3_MEDIA_SERVE") == null ? "proxy" : value(env, "S3_MEDIA_SERVE").toLowerCase();
    if (!serve.equals("proxy") && !serve.equals("presign")) {
      throw new StartupException("S3_MEDIA_SERVE must be proxy or presign, got '" + serve + "'");
    }
    String style = value(env, "S3_PATH_STYLE");
    return new S3Config(endpoint == null ? null : url("S3_ENDPOINT", endpoint), bucket,
      value(env, "S3_REGION") == null ? "us-east-1" : value(env, "S3_REGION"), access, secret,
      style == null ? endpoint != null : flag("S3_PATH_STYLE", style),
      publicUrl == null ? null : url("MEDIA_PUBLIC_URL", publicUrl).toString().replaceAll("/+$", ""), serve);
  }

  private static URI url(String name, String raw) {
    try {
      URI uri = URI.create(raw);
      if ((uri.getScheme().equals("http") || uri.getScheme().equals("https")) && uri.getHost() != null) {
        return uri;
      }
    } catch (RuntimeException ignored) {
      // reported below
    }
    throw new StartupException(name + " must be an http(s) address such as https://s3.example.org, got '" + raw + "'");
  }

  private static boolean flag(String name, String raw) {
    return switch (raw.toLowerCase()) {
      case "1", "true", "on", "yes" -> true;
      case "0", "false", "off", "no" -> false;
      default -> throw new StartupException(name + " must be on or off, got '" + raw + "'");
    };
  }

  private static String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.strip();
  }

  /** Never prints the secret. */
  @Override
  public String toString() {
    return enabled() ? "s3://" + bucket + (endpoint == null ? "" : " at " + endpoint) : "local folder";
  }
}
