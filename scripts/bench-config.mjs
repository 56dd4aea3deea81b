#!/usr/bin/env node
// Benchmark (not a test): loads a generated 1,000-service compose file with `berth config -q` and with
// docker-compose v1 (`docker-compose -f FILE config -q`), alternating runs, and prints the median wall
// time and peak RSS of each (GNU time's %e and %M) and berth's ratio to v1.
// Usage: node scripts/bench-config.mjs [services=1000] [runs=7]   (needs `npm run build` first)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const services = Number(process.argv[2] ?? 1000);
const runs = Number(process.argv[3] ?? 7);
// The installed command (the npm bin): what users run, wrapper included.
const berthBin = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'berth');

/** A realistic service: build or image, env, ports, volumes, depends_on, healthcheck, labels, networks. */
function serviceYaml(index) {
  const previous = index > 0 ? `    depends_on:\n      svc${index - 1}:\n        condition: service_started\n` : '';
  return `  svc${index}:
    image: "registry.example.com/team/svc${index}:\${TAG:-latest}"
    command: ["sh", "-c", "echo service ${index} && sleep 3600"]
    environment:
      - SERVICE_INDEX=${index}
      - LOG_LEVEL=\${LOG_LEVEL:-info}
      - DATABASE_URL=postgres://db:5432/app${index}
    ports:
      - "${20000 + index}:80"
    volumes:
      - ./data/svc${index}:/data
      - shared:/shared:ro
    labels:
      com.example.team: "core"
      com.example.index: "${index}"
    healthcheck:
      test: ["CMD", "true"]
      interval: 30s
      timeout: 5s
      retries: 3
    networks: [front, back]
    restart: unless-stopped
${previous}`;
}

function composeFile(count) {
  const body = Array.from({ length: count }, (_, index) => serviceYaml(index)).join('');
  return `services:\n${body}networks:\n  front:\n  back:\nvolumes:\n  shared:\n`;
}

/** Runs argv under /usr/bin/time; returns [seconds, peak KiB]. */
function measure(argv, cwd) {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', ...argv], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (result.status !== 0) throw new Error(`${argv.join(' ')} failed:\n${result.stderr}`);
  const [seconds, kib] = result.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return [seconds, kib];
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const dir = mkdtempSync(path.join(tmpdir(), 'berth-bench-'));
try {
  const file = path.join(dir, 'compose.yaml');
  writeFileSync(file, composeFile(services));
  const tools = {
    berth: [berthBin, '-f', file, 'config', '-q'],
    'docker-compose v1': ['docker-compose', '-f', file, 'config', '-q'],
  };
  const samples = Object.fromEntries(Object.keys(tools).map((name) => [name, { seconds: [], kib: [] }]));
  measure(tools.berth, dir); // warm the file cache once
  for (let run = 0; run < runs; run++) {
    const order = run % 2 === 0 ? Object.keys(tools) : Object.keys(tools).reverse();
    for (const name of order) {
      const [seconds, kib] = measure(tools[name], dir);
      samples[name].seconds.push(seconds);
      samples[name].kib.push(kib);
    }
  }
  console.log(`compose file: ${services} services, ${execFileSync('wc', ['-c', file], { encoding: 'utf8' }).trim().split(' ')[0]} bytes; ${runs} alternating runs each`);
  for (const [name, { seconds, kib }] of Object.entries(samples)) {
    console.log(`${name.padEnd(18)} median ${median(seconds).toFixed(2)} s   peak RSS ${(median(kib) / 1024).toFixed(0)} MiB   (runs: ${seconds.join(' ')})`);
  }
  const ratio = median(samples.berth.seconds) / median(samples['docker-compose v1'].seconds);
  const memoryRatio = median(samples.berth.kib) / median(samples['docker-compose v1'].kib);
  console.log(`berth / v1: time ${ratio.toFixed(2)}x, memory ${memoryRatio.toFixed(2)}x (target: time <= 0.5x)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
