#!/usr/bin/env bash
# A real image registry on loopback for the push/pull tests (Debian's docker-registry package),
# with a minimal config of our own: 127.0.0.1:5055, filesystem storage, no auth. Idempotent.
# (Port 5055, not 5000: the seed stacks publish 5000 on every interface.)
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ADDR=${BERTH_REGISTRY_ADDR:-127.0.0.1:5055}
ROOT=/var/lib/berth-registry
answers() { curl -fsS "http://$ADDR/v2/" >/dev/null 2>&1; }

answers && exit 0
command -v docker-registry >/dev/null || apt_install docker-registry
command -v curl >/dev/null || apt_install curl
mkdir -p "$ROOT/data"
cat > "$ROOT/config.yml" <<CONFIG
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $ROOT/data
http:
  addr: $ADDR
CONFIG
setsid nohup docker-registry serve "$ROOT/config.yml" </dev/null >>/var/log/berth-registry.log 2>&1 &
for _ in $(seq 1 50); do
  answers && { log "registry answers on $ADDR"; exit 0; }
  sleep 0.2
done
die "the registry did not answer on $ADDR (see /var/log/berth-registry.log)"
