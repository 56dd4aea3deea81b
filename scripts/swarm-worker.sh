#!/usr/bin/env bash
# A second swarm node for the multi-node tests: a private dockerd (scripts/private-engine.sh) in its own
# network namespace, wired to the namespace this script runs in (the manager's: the default one in CI,
# berthN here) by a veth pair, so the two engines reach each other on 10.231.0.1 (here) and 10.231.0.2.
#
#   swarm-worker.sh start ID   starts the worker engine and the link, prints the worker's DOCKER_HOST
#   swarm-worker.sh stop ID    stops the engine and removes its namespace (the link goes with it),
#                              mounts and data (private-engine.sh stop)
#
# The manager advertises 10.231.0.1 (`docker swarm init --advertise-addr 10.231.0.1`); the worker joins
# it with `--advertise-addr 10.231.0.2`. Root only; Linux with iproute2.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ $# -eq 2 ] || die "usage: swarm-worker.sh start|stop ID"
ACTION=$1 ID=$2
[[ $ID =~ ^[a-z0-9]{1,8}$ ]] || die "swarm-worker.sh: ID must be 1-8 lowercase letters or digits"
ENGINE=$(dirname "${BASH_SOURCE[0]}")/private-engine.sh
NS=berthp-$ID
HERE=bswm-$ID
MANAGER_ADDR=10.231.0.1
WORKER_ADDR=10.231.0.2

case $ACTION in
  start)
    socket=$(bash "$ENGINE" start "$ID")
    ip link del "$HERE" 2>/dev/null || true
    ip link add "$HERE" type veth peer name eth0 netns "$NS"
    ip addr add "$MANAGER_ADDR/30" dev "$HERE"
    ip link set "$HERE" up
    ip netns exec "$NS" ip addr add "$WORKER_ADDR/30" dev eth0
    ip netns exec "$NS" ip link set eth0 up
    echo "$socket"
    ;;
  stop)
    bash "$ENGINE" stop "$ID"
    ip link del "$HERE" 2>/dev/null || true
    ;;
  *) die "usage: swarm-worker.sh start|stop ID" ;;
esac
