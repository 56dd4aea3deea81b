#!/usr/bin/env bash
# A throw-away Docker engine that a fault-injection test may kill and restart without touching the
# engine DOCKER_HOST names (root only; Linux with iproute2 and dockerd on PATH):
#
#   private-engine.sh start ID   starts a dockerd in its own network namespace berthp-ID, with its own
#                                data-root, exec-root, pidfile and socket, loads berth-test/busybox
#                                into it from the engine DOCKER_HOST names, prints its DOCKER_HOST
#   private-engine.sh kill ID    kill -9 of that dockerd only (its containerd and containers live on)
#   private-engine.sh crash ID   kill -9 of every process of the engine (dockerd, containerd, shims)
#   private-engine.sh restart ID starts the dockerd again on the same state, waits until it answers
#   private-engine.sh stop ID    stops it, ends what is left in its namespace, removes its state
#
# `nsenter --net` rather than `ip netns exec`: the latter remounts /sys and hides the cgroup mounts.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ $# -eq 2 ] || die "usage: private-engine.sh start|kill|crash|restart|stop ID"
ACTION=$1 ID=$2
[[ $ID =~ ^[a-z0-9]{1,16}$ ]] || die "private-engine.sh: ID must be 1-16 lowercase letters or digits"
NS=berthp-$ID
RUN=/run/berth-private/$ID
DATA=/var/lib/berth-private/$ID
SOCKET=unix://$RUN/docker.sock
TIMEOUT=${BERTH_ENGINE_TIMEOUT:-60}

answers() { DOCKER_HOST=$SOCKET timeout 5 docker info >/dev/null 2>&1; }

launch() {
  setsid nohup nsenter --net="/var/run/netns/$NS" dockerd --data-root "$DATA" --exec-root "$RUN/exec" \
    --pidfile "$RUN/docker.pid" -H "$SOCKET" >>"$RUN/dockerd.log" 2>&1 </dev/null &
  local waited=0
  until answers; do
    [ "$waited" -ge $((TIMEOUT * 2)) ] && { tail -n 20 "$RUN/dockerd.log" >&2; die "private engine $ID did not start"; }
    sleep 0.5
    waited=$((waited + 1))
  done
}

dockerd_pid() { cat "$RUN/docker.pid" 2>/dev/null || true; }

# Processes in the engine's namespace: its dockerd, containerd, shims and containers, nothing else.
namespace_pids() { ip netns pids "$NS" 2>/dev/null || true; }

case $ACTION in
  start)
    mkdir -p "$RUN" "$DATA"
    ip netns list | grep -qw "$NS" || ip netns add "$NS"
    ip netns exec "$NS" ip link set lo up
    launch
    docker save berth-test/busybox:latest | DOCKER_HOST=$SOCKET docker load -q >/dev/null
    echo "$SOCKET"
    ;;
  kill)
    pid=$(dockerd_pid)
    [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
    while [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
    ;;
  crash)
    # shellcheck disable=SC2046
    kill -9 $(namespace_pids) 2>/dev/null || true
    while [ -n "$(namespace_pids)" ]; do sleep 0.05; done
    ;;
  restart)
    pid=$(dockerd_pid)
    # A killed dockerd may take a moment to be reaped.
    for _ in $(seq 1 50); do { [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; } || break; sleep 0.1; done
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then die "private engine $ID still runs (pid $pid)"; fi
    rm -f "$RUN/docker.pid"
    launch
    ;;
  stop)
    pid=$(dockerd_pid)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      for _ in $(seq 1 $((TIMEOUT * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    # shellcheck disable=SC2046
    kill -9 $(namespace_pids) 2>/dev/null || true
    for _ in $(seq 1 100); do [ -z "$(namespace_pids)" ] && break; sleep 0.1; done
    # Mounts dockerd left behind (after a kill): innermost first.
    awk -v run="$RUN" -v data="$DATA" '$2 == run || $2 == data || index($2, run "/") == 1 || index($2, data "/") == 1 { print $2 }' /proc/mounts |
      sort -r | while read -r mount; do umount -l "$mount" 2>/dev/null || true; done
    rm -rf "$RUN" "$DATA"
    ip netns del "$NS" 2>/dev/null || true
    ;;
  *) die "usage: private-engine.sh start|kill|crash|restart|stop ID" ;;
esac
