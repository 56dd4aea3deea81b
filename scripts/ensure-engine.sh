#!/usr/bin/env bash
# Make a Docker engine reachable through the `docker` CLI on PATH.
#   - engine already answers `docker info`: exit 0 at once;
#   - root on Debian: install docker.io if dockerd is missing, start dockerd
#     detached (log: /var/log/berth-dockerd.log) and wait until it answers;
#   - otherwise: exit 1 with one line on stderr.
# Environment: BERTH_DOCKERD_ARGS overrides the dockerd flags (word-split),
#              BERTH_ENGINE_TIMEOUT seconds to wait for dockerd (default 60).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

LOG=/var/log/berth-dockerd.log
TIMEOUT=${BERTH_ENGINE_TIMEOUT:-60}

engine_up() { command -v docker >/dev/null && timeout 10 docker info >/dev/null 2>&1; }
cannot() { die "no Docker engine reachable and cannot provision one: $*"; }

engine_up && exit 0

if [ -n "${DOCKER_HOST:-}" ] && [ "$DOCKER_HOST" != unix:///var/run/docker.sock ]; then
  cannot "DOCKER_HOST=$DOCKER_HOST does not answer (not starting a local dockerd for it)"
fi
[ "$(id -u)" -eq 0 ] || cannot "not running as root"
if [ ! -f /etc/debian_version ] || ! command -v apt-get >/dev/null; then
  cannot "not a Debian system with apt-get"
fi

if ! command -v dockerd >/dev/null || ! command -v docker >/dev/null; then
  log "installing docker.io (dockerd) with apt-get"
  apt_install docker.io || cannot "apt-get install docker.io failed"
  hash -r
  command -v dockerd >/dev/null || cannot "docker.io installed but dockerd is not on PATH"
  engine_up && exit 0   # a package script may have started it
fi

# Wait for the engine; fail early if dockerd process $1 dies.
wait_engine() {
  local pid=$1 deadline=$((SECONDS + TIMEOUT))
  while [ "$SECONDS" -lt "$deadline" ]; do
    engine_up && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.5
  done
  engine_up
}

# A dockerd that is already starting (e.g. a parallel run): just wait for it.
if pid=$(pgrep -x -o dockerd); then
  log "dockerd (pid $pid) is running but not answering yet; waiting"
  wait_engine "$pid" && exit 0
  cannot "dockerd (pid $pid) did not answer within ${TIMEOUT}s (see $LOG)"
fi

# Flag sets to try in order. overlay2 works in this sandbox (nested overlay is
# fine on its ext4 root); vfs and no-iptables are fallbacks for hosts where
# dockerd exits at start-up because of the storage driver or iptables.
if [ -n "${BERTH_DOCKERD_ARGS:-}" ]; then
  attempts=("$BERTH_DOCKERD_ARGS")
elif grep -qw overlay /proc/filesystems; then
  attempts=("" "--storage-driver=vfs" "--storage-driver=vfs --iptables=false --ip-masq=false")
else
  attempts=("--storage-driver=vfs" "--storage-driver=vfs --iptables=false --ip-masq=false")
fi

mkdir -p "$(dirname "$LOG")"
for args in "${attempts[@]}"; do
  read -r -a flags <<<"$args"
  log "starting dockerd ${flags[*]:-(default flags)}; log: $LOG"
  printf '\n==== %s berth: dockerd %s\n' "$(date -Is)" "${flags[*]:-}" >>"$LOG"
  start=$(now) offset=$(($(stat -c %s "$LOG") + 1))
  setsid nohup dockerd "${flags[@]}" </dev/null >>"$LOG" 2>&1 &
  pid=$!
  if wait_engine "$pid"; then
    log "dockerd (pid $pid) answered after $(elapsed "$start")"
    exit 0
  fi
  if kill -0 "$pid" 2>/dev/null; then
    cannot "dockerd (pid $pid) started but did not answer within ${TIMEOUT}s (see $LOG)"
  fi
  log "dockerd exited during start-up:"
  tail -c "+$offset" "$LOG" | grep -aE 'level=(error|fatal)|^failed' | tail -n 5 >&2 || true
  rm -f /var/run/docker.pid
done
cannot "dockerd failed to start with every flag set tried (see $LOG)"
