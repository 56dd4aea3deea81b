#!/usr/bin/env bash
# The whole test suite from a fresh machine: dependencies, a Docker engine, the local images, then
# `npm test` (unit, golden and end-to-end tests on the real engine).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export npm_config_loglevel=error npm_config_fund=false npm_config_audit=false
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci
fi
bash scripts/ensure-engine.sh
bash scripts/build-test-images.sh
bash scripts/ensure-test-tools.sh
bash scripts/start-registry.sh
# Anonymous volumes that compose's own rules leave dangling (an old container's after `up -V`, or
# after `rm` without -v) are removed once the run is over: only those the run made.
before=$(mktemp)
docker volume ls -q --filter dangling=true | sort > "$before"
remove_new_dangling_volumes() {
  docker volume ls -q --filter dangling=true | sort | comm -13 "$before" - | xargs -r docker volume rm -f >/dev/null || true
  rm -f "$before"
}
trap remove_new_dangling_volumes EXIT
npm test
