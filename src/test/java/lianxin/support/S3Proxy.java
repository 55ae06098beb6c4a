package lianxin.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import lianxin.media.S3Config;

/**
 * A real S3 API server on loopback for the storage tests: s3proxy 2.6.0 (filesystem backend) as its own process,
 * copied to {@code target/s3proxy/s3proxy.jar} by Maven. One per test class: {@code start()} in {@code @BeforeAll},
 * {@link #close()} in {@code @AfterAll}.
 */
public final class S3Proxy implements AutoCloseable {

  public static final String IDENTITY = "lianxin-test";
  public static final String CREDENTIAL = "lianxin-test-secret";

  private final Process process;
  private final Path dir;
  public final int port;

  private S3Proxy(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  public static S3Proxy start() {
    Path jar = Path.of("target", "s3proxy", "s3proxy.jar").toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run mvn process-test-resources (it copies s3proxy there)");
    }
    try {
      Path dir = Files.createTempDirectory("lianxin-s3proxy");
      Files.createDirectories(dir.resolve("data"));
      int port = Node.freePort();
      Path conf = dir.resolve("s3proxy.conf");
      Files.writeString(conf, String.join("\n",
        "s3proxy.endpoint=http://127.0.0.1:" + port,
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + IDENTITY,
        "s3proxy.credential=" + CREDENTIAL,
        "jclouds.provider=filesystem",
        "jclouds.filesystem.basedir=" + dir.resolve("data"), ""));
      Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-jar", jar.toString(), "--properties", conf.toString()))
        .redirectErrorStream(true).redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
      S3Proxy proxy = new S3Proxy(process, dir, port);
      proxy.awaitListening();
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitListening() throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("s3proxy exited: " + Files.readString(dir.resolve("s3proxy.log")));
      }
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Node.sleep(100);
      }
    }
    close();
    throw new IllegalStateException("s3proxy did not listen within 180 s: " + Files.readString(dir.resolve("s3proxy.log")));
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** The environment variables of a node using {@code bucket} here. */
  public Map<String, String> env(String bucket) {
    return Map.of("S3_ENDPOINT", endpoint(), "S3_BUCKET", bucket, "S3_ACCESS_KEY", IDENTITY, "S3_SECRET_KEY", CREDENTIAL);
  }

  public S3Config config(String bucket) {
    return S3Config.fromEnv(env(bucket));
  }

  /** Where s3proxy keeps {@code bucket}'s objects as plain files. */
  public Path bucketDir(String bucket) {
    return dir.resolve("data").resolve(bucket);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
