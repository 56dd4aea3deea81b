#!/usr/bin/env node
// Benchmark (prints figures; not a test): a no-op `up -d` of N busybox services (a named volume on
// every fourth, as bench-converge.mjs) beside its floor, Node's own start plus one `docker ps -a
// --format json` (what any tool over the docker CLI pays at least), and beside docker-compose v1's
// no-op `up -d`, rounds alternating. Usage: node scripts/bench-noop-up.mjs [rounds] [N...]
// BERTH_BASELINE=/other/checkout/bin/berth times another build of berth too (before/after a change).
// Needs: npm run build, docker-compose (v1) on PATH, the local image berth-test/busybox:latest.
// Target (issue 14): berth's no-op up within 1.2x of the floor at N=10 and N=40.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const berthBin = path.join(repo, 'bin', 'berth');
const rounds = Number(process.argv[2] ?? 15);
const sizes = process.argv.length > 3 ? process.argv.slice(3).map(Number) : [10, 40];
const IMAGE = 'berth-test/busybox:latest';
const COMMAND = "trap 'exit 0' TERM; sleep 3600 & wait";
const haveV1 = spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0;
const baseline = process.env.BERTH_BASELINE;

function composeFile(n) {
  const lines = ['services:'];
  for (let i = 1; i <= n; i++) {
    lines.push(`  s${i}:`, `    image: ${IMAGE}`, `    command: ["sh", "-c", ${JSON.stringify(COMMAND)}]`);
    if (i % 4 === 0) lines.push('    volumes:', `      - v${i}:/data`);
  }
  const volumes = [];
  for (let i = 4; i <= n; i += 4) volumes.push(`  v${i}: {}`);
  if (volumes.length > 0) lines.push('volumes:', ...volumes);
  return `${lines.join('\n')}\n`;
}

function time(command, args, options = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], ...options });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${String(result.stderr)}`);
  return seconds;
}

function purge(project) {
  const filter = `label=com.docker.compose.project=${project}`;
  const list = (args) => execFileSync('docker', args, { encoding: 'utf8' }).split('\n').filter(Boolean);
  const containers = list(['ps', '-aq', '--filter', filter]);
  if (containers.length > 0) spawnSync('docker', ['rm', '-f', '-v', ...containers], { stdio: 'ignore' });
  for (const network of list(['network', 'ls', '-q', '--filter', filter])) spawnSync('docker', ['network', 'rm', network], { stdio: 'ignore' });
  const volumes = list(['volume', 'ls', '-q', '--filter', filter]);
  if (volumes.length > 0) spawnSync('docker', ['volume', 'rm', '-f', ...volumes], { stdio: 'ignore' });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const projects = [];
process.on('exit', () => projects.forEach(purge));
process.on('SIGINT', () => process.exit(130));

const runId = (process.pid % 10000).toString(36);
const env = { ...process.env, NO_COLOR: '1', COMPOSE_PROGRESS: 'quiet' };
// The floor: a Node process starting (nothing to run) and one docker ps of the project, one after the other.
const floorScript = (project) => `node -e '' && docker ps -a --filter label=com.docker.compose.project=${project} --format json >/dev/null`;

for (const n of sizes) {
  const dir = mkdtempSync(path.join(tmpdir(), `berth-noop-${n}-`));
  writeFileSync(path.join(dir, 'compose.yaml'), composeFile(n));
  const berthProject = `berth-noop-${runId}-b${n}`;
  const v1Project = `berth-noop-${runId}-v${n}`;
  projects.push(berthProject, v1Project);
  purge(berthProject);
  time(berthBin, ['-p', berthProject, 'up', '-d'], { cwd: dir, env });
  if (haveV1) {
    purge(v1Project);
    time('docker-compose', ['-p', v1Project, 'up', '-d'], { cwd: dir, env });
  }
  const tools = {
    floor: () => time('sh', ['-c', floorScript(berthProject)]),
    berth: () => time(berthBin, ['-p', berthProject, 'up', '-d'], { cwd: dir, env }),
    ...(baseline === undefined ? {} : { baseline: () => time(baseline, ['-p', berthProject, 'up', '-d'], { cwd: dir, env }) }),
    ...(haveV1 ? { v1: () => time('docker-compose', ['-p', v1Project, 'up', '-d'], { cwd: dir, env }) } : {}),
  };
  const figures = Object.fromEntries(Object.keys(tools).map((name) => [name, []]));
  const order = Object.keys(tools);
  for (const name of order) tools[name](); // warm-up: page cache, code cache
  for (let round = 0; round < rounds; round++) {
    for (const name of round % 2 === 0 ? order : [...order].reverse()) figures[name].push(tools[name]());
  }
  purge(berthProject);
  if (haveV1) purge(v1Project);
  rmSync(dir, { recursive: true, force: true });
  const floor = median(figures.floor);
  console.log(`N=${n} services, no-op up -d, ${rounds} alternating rounds, medians:`);
  console.log(`  node -e '' + docker ps  ${floor.toFixed(3)} s`);
  console.log(`  berth up -d             ${median(figures.berth).toFixed(3)} s  (${(median(figures.berth) / floor).toFixed(2)}x the floor; target 1.20x)`);
  if (baseline !== undefined) console.log(`  baseline up -d          ${median(figures.baseline).toFixed(3)} s  (${(median(figures.baseline) / floor).toFixed(2)}x the floor)`);
  if (haveV1) console.log(`  docker-compose v1 up -d ${median(figures.v1).toFixed(3)} s  (berth/v1 ${(median(figures.berth) / median(figures.v1)).toFixed(2)})`);
}
