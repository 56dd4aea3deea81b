#!/usr/bin/env node
// Benchmark (not a test): the large VALID inputs of scripts/large-inputs-lib.mjs (chains of 10,000
// services through depends_on, links, volumes_from and extends; 1 MB of many-key services) through
// `berth config`, `berth up --dry-run` and docker-compose v1's `docker-compose config` (Debian's
// 1.29.2: `apt-get install docker-compose`), alternating runs. Prints per input and command the median
// wall time, the median CPU time (user + system: what the machine's load does not inflate) and the
// peak RSS (GNU time's %e, %U + %S, %M), and the exit status when it is not 0.
// issue 10's bound: every input of up to 1 MB in under 2 s wall time and 512 MiB for config and up --dry-run.
// Each run is stopped after `limit` seconds (docker-compose v1 takes many minutes on some chains).
// Usage: node scripts/bench-large-inputs.mjs [runs=3] [services=10000] [limit=120]   (needs `npm run build` first;
// up --dry-run asks the engine DOCKER_HOST names, and plans from empty state when none answers)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { largeInputs } from './large-inputs-lib.mjs';

const runs = Number(process.argv[2] ?? 3);
const services = Number(process.argv[3] ?? 10_000);
const limit = Number(process.argv[4] ?? 120);
const berthBin = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'berth');
const hasComposeV1 = spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0;

const commands = {
  'berth config': (file) => [berthBin, '-f', file, 'config'],
  'berth up --dry-run': (file) => [berthBin, '-f', file, 'up', '--dry-run'],
  ...(hasComposeV1 ? { 'docker-compose v1 config': (file) => ['docker-compose', '-f', file, 'config'] } : {}),
};

/** One run under /usr/bin/time: wall s, CPU s, peak MiB, exit status (stdout discarded). */
function measure(argv, cwd) {
  const result = spawnSync('/usr/bin/time', ['-f', 'berth-bench %e %U %S %M', 'timeout', String(limit), ...argv], { cwd, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1' } });
  const line = result.stderr.split('\n').reverse().find((text) => text.startsWith('berth-bench '));
  if (line === undefined) throw new Error(`${argv.join(' ')}: no figures\n${result.stderr}`);
  const [wall, user, system, kib] = line.split(' ').slice(1).map(Number);
  return { wall, cpu: user + system, mib: kib / 1024, status: result.status, error: result.stderr.split('\n')[0] };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const load = () => spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout.split(' ')[0];

const root = mkdtempSync(path.join(tmpdir(), 'berth-bench-large-'));
try {
  console.log(`${runs} runs each, median; load average ${load()} at start${hasComposeV1 ? '' : '; docker-compose v1 not installed'}`);
  console.log(`${'input'.padEnd(37)}${'command'.padEnd(26)}${'wall s'.padStart(8)}${'CPU s'.padStart(8)}${'MiB'.padStart(7)}  status`);
  for (const [name, text] of Object.entries(largeInputs(services))) {
    const dir = path.join(root, name.replace(/[^a-z0-9]+/gi, '-'));
    mkdirSync(dir);
    const file = path.join(dir, 'compose.yaml');
    writeFileSync(file, text);
    const samples = Object.fromEntries(Object.keys(commands).map((command) => [command, []]));
    for (let run = 0; run < runs; run++) {
      const order = run % 2 === 0 ? Object.keys(commands) : Object.keys(commands).reverse();
      for (const command of order) samples[command].push(measure(commands[command](file), dir));
    }
    const label = `${name} (${(text.length / 1e6).toFixed(2)} MB)`;
    for (const [command, list] of Object.entries(samples)) {
      const failed = list.find((sample) => sample.status !== 0);
      const status = failed === undefined ? 'ok' : failed.status === 124 ? `stopped after ${limit} s` : `exit ${failed.status}: ${failed.error.slice(0, 80)}`;
      const figures = [median(list.map((s) => s.wall)).toFixed(2).padStart(8), median(list.map((s) => s.cpu)).toFixed(2).padStart(8), median(list.map((s) => s.mib)).toFixed(0).padStart(7)];
      console.log(`${label.padEnd(37)}${command.padEnd(26)}${figures.join('')}  ${status}`);
    }
  }
  console.log(`load average ${load()} at end`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
