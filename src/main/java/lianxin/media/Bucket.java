package lianxin.media;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.multipart.MultipartConfiguration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The bucket, through the AWS SDK v2's async client on Netty (no CRT). Files of 16 MiB and more go up as multipart
 * uploads in 16 MiB parts, up to eight requests at once. Blocking methods wait for the async call: use them off the event loops.
 */
public final class Bucket implements AutoCloseable {

  static final long PART = 16L << 20;

  private final S3Config config;
  private final String name;
  private S3AsyncClient client;
  private S3Presigner presigner;

  /** Cheap: the SDK's clients are built on first use (seconds of class loading), off the event loop by {@link #check}. */
  public Bucket(S3Config config) {
    this.config = config;
    this.name = config.bucket();
  }

  private synchronized S3AsyncClient client() {
    if (client == null) {
      build();
    }
    return client;
  }

  private synchronized S3Presigner presigner() {
    if (presigner == null) {
      build();
    }
    return presigner;
  }

  private void build() {
    var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKey(), config.secretKey()));
    var builder = S3AsyncClient.builder()
      .region(Region.of(config.region()))
      .credentialsProvider(credentials)
      .forcePathStyle(config.pathStyle())
      // Checksums only where the API requires them: the newer default (CRC32 trailers on every upload) is not
      // understood by every S3-compatible server (older MinIO, Ceph RGW, OSS, s3proxy).
      .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
      .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
      // Eight requests at once (the parts of a large upload among them) with two minutes for each read or write: with
      // more, or the 30 s default, a 1 GiB upload from a loaded 2-core node had its parts cut off mid-body.
      .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(8).connectionTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofMinutes(2)).writeTimeout(Duration.ofMinutes(2)))
      // The SDK's multipart client announces the whole size on completion; servers other than AWS (s3proxy among
      // them) refuse a header they do not know with 501, and the size is not needed to complete the upload.
      .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
          return context.httpRequest().toBuilder().removeHeader("x-amz-mp-object-size").build();
        }
      }))
      .multipartEnabled(true)
      .multipartConfiguration(MultipartConfiguration.builder().thresholdInBytes(PART).minimumPartSizeInBytes(PART)
        .apiCallBufferSizeInBytes(4 * PART).build());
    var presign = S3Presigner.builder()
      .region(Region.of(config.region()))
      .credentialsProvider(credentials)
      .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(config.pathStyle()).build());
    if (config.endpoint() != null) {
      builder.endpointOverride(config.endpoint());
      presign.endpointOverride(config.endpoint());
    }
    client = builder.build();
    presigner = presign.build();
  }

  public String name() {
    return name;
  }

  /** Blocking: the bucket answers with these credentials; it is created when it does not exist yet. */
  public void check() throws IOException {
    try {
      join(client().headBucket(b -> b.bucket(name)));
    } catch (NoSuchBucketException e) {
      join(client().createBucket(b -> b.bucket(name)));
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw e;
      }
      join(client().createBucket(b -> b.bucket(name)));
    }
  }

  /** Blocking: uploads {@code file} as {@code key} (multipart from 16 MiB). */
  public void put(String key, Path file, String type) throws IOException {
    put(key, file, type, java.util.Map.of());
  }

  /** Blocking: uploads {@code file} as {@code key} with user metadata ({@code x-amz-meta-*}). */
  public void put(String key, Path file, String type, java.util.Map<String, String> metadata) throws IOException {
    join(client().putObject(b -> b.bucket(name).key(key).contentType(type).metadata(metadata), AsyncRequestBody.fromFile(file)));
  }

  /** Blocking: small text as {@code key}. */
  public void putText(String key, String text, String type) throws IOException {
    join(client().putObject(b -> b.bucket(name).key(key).contentType(type), AsyncRequestBody.fromString(text)));
  }

  /** Blocking: {@code key} into {@code file} (replaced); false when there is no such key. */
  public boolean get(String key, Path file) throws IOException {
    Path partial = file.resolveSibling(file.getFileName() + ".download");
    Files.deleteIfExists(partial);
    try {
      join(client().getObject(b -> b.bucket(name).key(key), AsyncResponseTransformer.toFile(partial)));
    } catch (NoSuchKeyException e) {
      Files.deleteIfExists(partial);
      return false;
    }
    Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return true;
  }

  /** Blocking: a stream of {@code key}'s bytes (the caller closes it); null when there is no such key. */
  public InputStream open(String key) throws IOException {
    try {
      ResponseInputStream<GetObjectResponse> in = join(client().getObject(b -> b.bucket(name).key(key),
        AsyncResponseTransformer.toBlockingInputStream()));
      return in;
    } catch (NoSuchKeyException e) {
      return null;
    }
  }

  /** Blocking: {@code key} as UTF-8 text; null when missing. */
  public String text(String key) throws IOException {
    try {
      return join(client().getObject(b -> b.bucket(name).key(key), AsyncResponseTransformer.toBytes()))
        .asString(StandardCharsets.UTF_8);
    } catch (NoSuchKeyException e) {
      return null;
    }
  }

  /** Blocking: {@code key}'s metadata; null when missing. */
  public HeadObjectResponse head(String key) throws IOException {
    try {
      return join(client().headObject(b -> b.bucket(name).key(key)));
    } catch (NoSuchKeyException e) {
      return null;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return null;
      }
      throw e;
    }
  }

  /** The async form, for the request path: completes with null when missing. */
  public CompletableFuture<HeadObjectResponse> headAsync(String key) {
    return client().headObject(b -> b.bucket(name).key(key)).handle((r, e) -> {
      Throwable cause = e instanceof CompletionException ? e.getCause() : e;
      if (cause == null) {
        return r;
      }
      if (cause instanceof NoSuchKeyException || cause instanceof S3Exception s && s.statusCode() == 404) {
        return null;
      }
      throw new CompletionException(cause);
    });
  }

  /** Blocking: every object whose key starts with {@code prefix}, in key order. */
  public List<S3Object> list(String prefix) throws IOException {
    List<S3Object> all = new ArrayList<>();
    join(client().listObjectsV2Paginator(b -> b.bucket(name).prefix(prefix)).contents().subscribe(all::add));
    return all;
  }

  /** Blocking: removes these keys (missing ones are fine), a few requests at a time. */
  public void delete(List<String> keys) throws IOException {
    // One DeleteObject each: multi-object delete needs Content-MD5, which some S3-compatible servers insist on and
    // the SDK no longer sends by default.
    for (int i = 0; i < keys.size(); i += 16) {
      List<CompletableFuture<?>> batch = new ArrayList<>();
      for (String key : keys.subList(i, Math.min(keys.size(), i + 16))) {
        batch.add(client().deleteObject(b -> b.bucket(name).key(key)));
      }
      join(CompletableFuture.allOf(batch.toArray(new CompletableFuture[0])));
    }
  }

  /** A GET of {@code key} anyone may make for {@code ttl}, signed with the node's key. */
  public URI presign(String key, Duration ttl) {
    return URI.create(presigner().presignGetObject(p -> p.signatureDuration(ttl)
      .getObjectRequest(g -> g.bucket(name).key(key))).url().toString());
  }

  /** Blocking: waits for an SDK call, unwrapping its failure (an S3 refusal stays an unchecked SDK exception). */
  static <T> T join(CompletableFuture<T> future) throws IOException {
    try {
      return future.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(cause);
    }
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
      presigner.close();
    }
  }
}
