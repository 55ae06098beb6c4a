package lianxin.question;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import lianxin.http.ApiException;
import lianxin.http.Text;
import lianxin.metrics.RateLimiter;

/**
 * How often one device and one network address may ask and vote, in this node's memory (as the replay beacons'
 * limits: behind N nodes a client gets at most N times the rate). The address is never kept: its key is a SHA-256
 * with a salt drawn at random each day (UTC), so yesterday's keys cannot be matched to today's or reversed.
 */
final class AskLimits {

  /** A device: five questions at once, then one every two minutes. */
  private final RateLimiter askDevice = new RateLimiter(5, 1 / 120.0);
  /** An address may be a community centre's shared line: thirty at once, then one every 20 s (180 an hour). */
  private final RateLimiter askAddress = new RateLimiter(30, 1 / 20.0);
  /** Votes: one per device per question anyway; an address may cast sixty at once, then one a second. */
  private final RateLimiter voteAddress = new RateLimiter(60, 1);

  private LocalDate saltDay;
  private byte[] salt;

  void ask(RoutingContext ctx, String deviceId) {
    take(ctx, askAddress, address(ctx), "address",
      Text.of("这个网络提问太频繁，请稍后再试。", "Too many questions from this network; try again later."));
    take(ctx, askDevice, "d:" + deviceId, "device",
      Text.of("你提问太频繁了，请过几分钟再问。", "Too many questions from this device; try again in a few minutes."));
  }

  void vote(RoutingContext ctx) {
    take(ctx, voteAddress, address(ctx), "address",
      Text.of("这个网络投票太频繁，请稍后再试。", "Too many votes from this network; try again later."));
  }

  /** The address's key for today: a salted hash, so the address itself is nowhere in memory longer than the request. */
  synchronized String address(RoutingContext ctx) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    if (!today.equals(saltDay)) {
      salt = new byte[32];
      new SecureRandom().nextBytes(salt);
      saltDay = today;
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(salt);
      sha.update(ctx.request().remoteAddress().hostAddress().getBytes(StandardCharsets.UTF_8));
      return "a:" + HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void take(RoutingContext ctx, RateLimiter limiter, String key, String which, Text message) {
    if (!limiter.tryAcquire(key)) {
      ctx.response().putHeader("retry-after", String.valueOf(limiter.retryAfterSeconds()));
      throw new ApiException(429, "too_many_requests", message, new JsonObject().put("limit", which)
        .put("retryAfterSeconds", limiter.retryAfterSeconds()));
    }
  }
}
