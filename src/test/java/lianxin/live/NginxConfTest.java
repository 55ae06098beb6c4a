package lianxin.live;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The generated configuration holds every line the spike found nginx-rtmp needs as a child with its own prefix. */
class NginxConfTest {

  @Test
  void aChildWithItsOwnPrefixPortAndCallbacks() {
    String conf = NginxConf.render(Path.of("/d/nginx/19350"), 19350, 8080, "s3cr3t-s3cr3t-s3cr3t");
    for (String line : new String[] {
      "load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;", "worker_processes 1;", "pid /d/nginx/19350/logs/nginx.pid;",
      "lock_file /d/nginx/19350/logs/nginx.lock;", "client_body_temp_path /d/nginx/19350/temp/client;",
      "proxy_temp_path", "fastcgi_temp_path", "uwsgi_temp_path", "scgi_temp_path",
      "access_log /d/nginx/19350/logs/rtmp-access.log;", "listen 19350;", "application live {",
      "allow play 127.0.0.1;", "deny play all;", "notify_method post;",
      "on_publish http://127.0.0.1:8080/ingest/publish?secret=s3cr3t-s3cr3t-s3cr3t;",
      "on_publish_done http://127.0.0.1:8080/ingest/publish-done?secret=s3cr3t-s3cr3t-s3cr3t;",
      "on_play http://127.0.0.1:8080/ingest/play?secret=s3cr3t-s3cr3t-s3cr3t;"}) {
      assertTrue(conf.contains(line), line + " in\n" + conf);
    }
  }
}
