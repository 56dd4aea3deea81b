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
# The engine is left as the run found it: what the run made and compose's own rules leave behind is
# removed once it is over — anonymous volumes left dangling (an old container's after `up -V`, or
# after `rm` without -v) and the images the tests built or pulled (a rebuild also leaves the old image
# untagged). The berth-test/ images stay: they are the suite's own, built once per machine. An image
# that lost its tag during the run (a test rebuilt berth-test/flask-redis:1.0, say) goes too.
volumes_before=$(mktemp)
images_before=$(mktemp)
untagged_before=$(mktemp)
docker volume ls -q --filter dangling=true | sort > "$volumes_before"
docker image ls -q --no-trunc | sort -u > "$images_before"
docker image ls -q --no-trunc --filter dangling=true | sort -u > "$untagged_before"
remove_what_the_run_left() {
  docker volume ls -q --filter dangling=true | sort | comm -13 "$volumes_before" - | xargs -r docker volume rm -f >/dev/null || true
  docker image ls --no-trunc --format '{{.ID}} {{.Repository}}' | grep -v ' berth-test/' | cut -d' ' -f1 | sort -u |
    comm -13 "$images_before" - | xargs -r docker image rm -f >/dev/null 2>&1 || true
  docker image ls -q --no-trunc --filter dangling=true | sort -u | comm -13 "$untagged_before" - | xargs -r docker image rm -f >/dev/null 2>&1 || true
  rm -f "$volumes_before" "$images_before" "$untagged_before"
}
trap remove_what_the_run_left EXIT
npm test
