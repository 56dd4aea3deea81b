#!/usr/bin/env bash
# Build the local images berth's tests and demo use. Nothing is pulled.
#   berth-test/busybox:latest  Debian's static busybox on scratch
#   berth-test/debian:bookworm debootstrap minbase + redis-server, python3-flask, python3-redis
#   berth-test/redis:latest    redis-server in the foreground, port 6379
# An image that `docker image inspect` finds is left alone. Needs a running
# engine (scripts/ensure-engine.sh); installs busybox-static/debootstrap with
# apt when missing (root). The debian rootfs tarball is cached in
# /var/cache/berth so a rebuild after `docker rmi` skips debootstrap.
# Environment: BERTH_DEBIAN_MIRROR overrides the mirror found in apt's sources.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FIXTURES=$ROOT/fixtures/images
CACHE=/var/cache/berth
SUITE=bookworm
INCLUDE=redis-server,python3-flask,python3-redis

timeout 10 docker info >/dev/null 2>&1 \
  || die "build-test-images: no Docker engine answers 'docker info' (run scripts/ensure-engine.sh first)"
# CLI 28 falls back to the legacy builder when buildx is missing; say so
# explicitly so a DOCKER_BUILDKIT=1 in the environment cannot break the build.
docker buildx version >/dev/null 2>&1 || export DOCKER_BUILDKIT=0

WORK=$(mktemp -d /tmp/berth-images.XXXXXX)
cleanup() {
  # debootstrap may leave proc/sys/dev mounts behind if interrupted
  awk -v w="$WORK/" 'index($2, w) == 1 { print $2 }' /proc/mounts | sort -r \
    | while read -r m; do umount -l "$m" || true; done
  rm -rf --one-file-system "$WORK"
}
trap cleanup EXIT

present() { docker image inspect "$1" >/dev/null 2>&1; }

# report IMAGE START: the one line per image this script prints.
report() { printf '%-28s built   %s\n' "$1" "$(elapsed "$2")"; }

# docker_quiet CMD...: run a docker command, showing its output only on failure.
docker_quiet() {
  local out=$WORK/docker.log
  if ! docker "$@" >"$out" 2>&1; then
    cat "$out" >&2
    die "build-test-images: docker $1 failed"
  fi
}

need_pkg() {
  pkg_installed "$1" && return 0
  [ "$(id -u)" -eq 0 ] || die "build-test-images: package $1 is needed; run as root or install it"
  apt_install "$1"
}

# The first http(s) URI in apt's sources that serves suite $SUITE.
debian_mirror() {
  if [ -n "${BERTH_DEBIAN_MIRROR:-}" ]; then echo "$BERTH_DEBIAN_MIRROR"; return; fi
  local m
  m=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk -v s="$SUITE" '
        /^[ \t]*$/ { if (uri != "" && ok) { print uri; exit } uri = ""; ok = 0; next }
        tolower($1) == "uris:" { uri = $2 }
        tolower($1) == "suites:" { for (i = 2; i <= NF; i++) if ($i == s) ok = 1 }
        END { if (uri != "" && ok) print uri }' | head -n 1)
  if [ -z "$m" ]; then
    m=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk -v s="$SUITE" '
          $1 == "deb" { sub(/^deb[ \t]+(\[[^]]*\][ \t]+)?/, "")
                        if ($2 == s) { print $1; exit } }')
  fi
  echo "${m:-http://deb.debian.org/debian}"
}

build_busybox() {
  local img=berth-test/busybox:latest start ctx a
  present "$img" && { printf '%-28s present\n' "$img"; return; }
  start=$(now)
  need_pkg busybox-static
  ctx=$WORK/busybox
  mkdir -p "$ctx/rootfs/bin" "$ctx/rootfs/etc" "$ctx/rootfs/root" "$ctx/rootfs/tmp"
  chmod 1777 "$ctx/rootfs/tmp"
  cp "$FIXTURES/busybox/Dockerfile" "$ctx/"
  cp "$FIXTURES/busybox/passwd" "$FIXTURES/busybox/group" "$ctx/rootfs/etc/"
  cp /bin/busybox "$ctx/rootfs/bin/busybox"
  # applets at their usual paths (bin/sh, usr/bin/env, sbin/ifconfig, ...)
  for a in $(/bin/busybox --list-full); do
    case $a in bin/busybox | linuxrc) continue ;; esac
    mkdir -p "$ctx/rootfs/$(dirname "$a")"
    ln -s /bin/busybox "$ctx/rootfs/$a"
  done
  docker_quiet build -t "$img" "$ctx"
  report "$img" "$start"
}

build_debian() {
  local img=berth-test/debian:$SUITE start tarball rootfs mirror t0 how
  present "$img" && { printf '%-28s present\n' "$img"; return; }
  start=$(now)
  tarball=$CACHE/debian-$SUITE-minbase-$(printf '%s' "$INCLUDE" | sha256sum | cut -c1-12).tar
  how="from cache $tarball"
  if [ ! -s "$tarball" ]; then
    [ "$(id -u)" -eq 0 ] || die "build-test-images: debootstrap needs root"
    need_pkg debootstrap
    mirror=$(debian_mirror)
    rootfs=$WORK/debian-rootfs
    log "debootstrap $SUITE from $mirror (a few minutes)"
    t0=$(now)
    if ! debootstrap --variant=minbase --include="$INCLUDE" "$SUITE" "$rootfs" "$mirror" \
        >"$WORK/debootstrap.log" 2>&1; then
      tail -n 20 "$WORK/debootstrap.log" >&2
      [ -f "$rootfs/debootstrap/debootstrap.log" ] && tail -n 20 "$rootfs/debootstrap/debootstrap.log" >&2
      die "build-test-images: debootstrap failed"
    fi
    log "debootstrap took $(elapsed "$t0")"
    chroot "$rootfs" apt-get clean
    rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin \
      "$rootfs"/var/log/*.log "$rootfs"/var/log/apt/* "$rootfs"/usr/share/doc/* \
      "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/tmp/* "$rootfs"/root/.cache
    : >"$rootfs/etc/hostname"
    mkdir -p "$CACHE"
    tar -C "$rootfs" --numeric-owner -cf "$tarball.tmp" .
    mv "$tarball.tmp" "$tarball"
    how="debootstrapped, cached as $tarball"
  fi
  docker_quiet import --change 'CMD ["bash"]' --change 'ENV LANG=C.UTF-8' "$tarball" "$img"
  report "$img" "$start"
  log "$img: $how"
}

build_redis() {
  local img=berth-test/redis:latest start
  present "$img" && { printf '%-28s present\n' "$img"; return; }
  start=$(now)
  docker_quiet build -t "$img" "$FIXTURES/redis"
  report "$img" "$start"
}

build_busybox
build_debian
build_redis
