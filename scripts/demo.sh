#!/usr/bin/env bash
# The main job: bring the seed's Flask + Redis hit counter up with berth and say where it answers.
# Where no Docker engine can be had, print the docker commands berth would run (the dry-run) instead.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export npm_config_loglevel=error npm_config_fund=false npm_config_audit=false
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci
fi
npm run --silent build
ROOT=$PWD
berth() { "$ROOT/bin/berth" "$@"; }
cd fixtures/flask-redis
if ! bash ../../scripts/ensure-engine.sh; then
  echo "No Docker engine here: this is what 'berth up' would run (a POSIX sh script):" >&2
  berth up --dry-run
  exit 0
fi
bash ../../scripts/build-test-images.sh
berth up -d
for _ in $(seq 1 60); do
  if answer=$(node -e "require('http').get('http://localhost:8000/', r => { let b=''; r.on('data', c => b += c); r.on('end', () => { process.stdout.write(b); process.exit(r.statusCode === 200 ? 0 : 1); }); }).on('error', () => process.exit(1));"); then
    berth ps
    echo
    echo "The counter answers at http://localhost:8000/ : $answer"
    echo "Stop it with: bin/berth -f fixtures/flask-redis/compose.yaml down"
    exit 0
  fi
  sleep 0.5
done
echo "the web service did not answer on http://localhost:8000/" >&2
berth ps -a >&2
exit 1
