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
npm test
