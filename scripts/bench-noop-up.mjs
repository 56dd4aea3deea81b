#!/usr/bin/env node
// Benchmark (prints figures; not a test): a no-op `up -d` of N busybox services (a named volume on
// every fourth, as bench-converge.mjs) beside its floor, Node's own start plus one `docker ps -a
// --format json` (what any tool over the docker CLI pays at least), and beside docker-compose v1's
// no-op `up -d`, rounds alternating. Usage: node scripts/bench-noop-up.mjs [rounds] [N...]
// BERTH_BASELINE=/other/checkout/bin/berth times another build of berth too (before/after a change).
// Needs: npm run build, docker-compose (v1) on PATH, the local image berth-test/busybox:latest.
// Target (issue 14): berth's no-op up within 1.2x of the floor at N=10 and N=40.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { benchEnv as env, berthBin, composeFile, median, purge, purgeOnExit, time } from './bench-lib.mjs';

const rounds = Number(process.argv[2] ?? 15);
const sizes = process.argv.length > 3 ? process.argv.slice(3).map(Number) : [10, 40];
const haveV1 = spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0;
const baseline = process.env.BERTH_BASELINE;

const projects = [];
purgeOnExit(projects);

const runId = (process.pid % 10000).toString(36);
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
