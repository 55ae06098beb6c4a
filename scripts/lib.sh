# Shared by scripts/run, scripts/test and scripts/bench: find or install what Lianxin needs.
# Installs Debian packages when missing and running as root; otherwise says exactly what to install.

die() { echo "lianxin: $*" >&2; exit 1; }

apt_install() {
  # $@: Debian packages
  if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
    die "missing: $* — install with: sudo apt-get install -y $*"
  fi
  echo "lianxin: installing $* (Debian packages)…" >&2
  if [ -z "${LIANXIN_APT_UPDATED:-}" ]; then
    apt-get update -q >/dev/null || die "apt-get update failed; cannot install $*"
    export LIANXIN_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null || die "apt-get install $* failed"
}

need_java() {
  # Java 17 or newer; prefer the system default, which is 17 on Debian 12.
  if ! command -v java >/dev/null || ! command -v javac >/dev/null; then
    apt_install openjdk-17-jdk-headless
  fi
  local v
  v=$(java -version 2>&1 | awk -F'"' '/version/ {print $2}' | cut -d. -f1)
  [ "${v:-0}" -ge 17 ] || die "Java 17 or newer is needed (found ${v:-none}); install openjdk-17-jdk-headless"
}

need_maven() {
  command -v mvn >/dev/null || apt_install maven
}

need_ffmpeg() {
  # FFmpeg and ffprobe (the archive pipeline), from PATH or FFMPEG/FFPROBE.
  if [ -z "${FFMPEG:-}" ] && ! command -v ffmpeg >/dev/null; then
    apt_install ffmpeg
  fi
}

need_nginx_rtmp() {
  # nginx with the RTMP module: each node's own live ingest, started by Lianxin as a child process. Not needed
  # with RTMP_EXTERNAL (the operator's own server).
  [ -z "${RTMP_EXTERNAL:-}" ] || return 0
  [ -x /usr/sbin/nginx ] && [ -f /usr/lib/nginx/modules/ngx_rtmp_module.so ] && return 0
  local was_running=""
  pgrep -x nginx >/dev/null 2>&1 && was_running=1
  # Debian starts the system nginx (port 80) when the package goes in; Lianxin never uses it. policy-rc.d tells
  # the package scripts not to start services, and whatever started anyway is stopped again.
  local policy=/usr/sbin/policy-rc.d made_policy=""
  if [ "$(id -u)" = "0" ] && [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && made_policy=1
  fi
  apt_install nginx libnginx-mod-rtmp
  [ -z "$made_policy" ] || rm -f "$policy"
  if [ -z "$was_running" ] && [ -f /run/nginx.pid ]; then
    service nginx stop >/dev/null 2>&1 || kill "$(cat /run/nginx.pid)" 2>/dev/null || true
  fi
  if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
    systemctl disable --now nginx >/dev/null 2>&1 || true
  fi
}

need_node() {
  # Node 18 or newer with npm, to build web/ (Debian 12's nodejs is 18).
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    apt_install nodejs npm
  fi
  local v
  v=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  [ "${v:-0}" -ge 18 ] || die "Node.js 18 or newer is needed to build web/ (found ${v:-none}); install nodejs and npm"
}

need_chromium() {
  # Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser of its own), and a
  # Chinese font, without which the screenshots show boxes (5 MB; phones have their own).
  [ -x "${CHROMIUM:-/usr/bin/chromium}" ] || apt_install chromium
  if command -v fc-list >/dev/null && [ -z "$(fc-list :lang=zh 2>/dev/null | head -1)" ]; then
    apt_install fonts-wqy-microhei
  elif ! command -v fc-list >/dev/null; then
    apt_install fonts-wqy-microhei
  fi
}

need_wrk() {
  command -v wrk >/dev/null || apt_install wrk
}

need_nginx() {
  # Debian's nginx for the load-balancer test (NginxTwoNodeTest runs it as a child with its own prefix). Installing the
  # package starts a system nginx on port 80 on a normal host; the tests never use that one.
  [ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || apt_install nginx
}

MVN="mvn -B -q"

# Compiles and gathers the runtime classpath when a source or the pom is newer than the last build.
build_if_needed() {
  local stamp=target/.lianxin-built
  if [ ! -f "$stamp" ] || [ -n "$(find pom.xml src -newer "$stamp" -print -quit)" ]; then
    echo "lianxin: building…" >&2
    # The stamp takes the build's start time: a source saved during the build makes the next run build again.
    local started; started=$(mktemp)
    $MVN -DskipTests package dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/lib \
      || die "the build failed (see the Maven output above)"
    touch -r "$started" "$stamp" && rm -f "$started"
  fi
}

# Builds web/ into web/dist when its sources, lock file or build settings are newer than the last build.
# The build type-checks, bundles and checks the resident pages' gzip budget (web/scripts/budget.mjs).
build_web_if_needed() {
  local stamp=web/dist/.lianxin-built
  if [ ! -f "$stamp" ] || [ -n "$(find web/src web/public web/scripts web/index.html web/package.json \
       web/package-lock.json web/vite.config.ts web/tsconfig.json -newer "$stamp" -print -quit)" ]; then
    echo "lianxin: building the web front-end…" >&2
    local started; started=$(mktemp)
    if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
      (cd web && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci in web/ failed (see above)"
    fi
    (cd web && npm run --silent build) || die "the web build failed (see above)"
    touch -r "$started" "$stamp" && rm -f "$started"
  fi
}

classpath() {
  echo "target/classes:target/lib/*"
}
