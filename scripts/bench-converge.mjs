#!/usr/bin/env node
// Benchmark (prints figures; not a test): cold `up -d`, no-op `up -d` and `down` of N busybox services
// (a named volume on every fourth) with berth, docker-compose v1 and a raw parallel docker script,
// alternating tools round by round. Usage: node scripts/bench-converge.mjs [rounds] [N...]
// Needs: npm run build, docker-compose (v1) on PATH, the local image berth-test/busybox:latest.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { benchEnv as env, berthBin, COMMAND, composeFile, IMAGE, median, purge, purgeOnExit, time as timeProcess } from './bench-lib.mjs';

const rounds = Number(process.argv[2] ?? 5);
const sizes = process.argv.length > 3 ? process.argv.slice(3).map(Number) : [10, 30];

/** The raw parallel script: every `docker run` at once in the background, then `wait`; no state checks. */
function rawScripts(n, project) {
  const label = `--label com.docker.compose.project=${project}`;
  const volumeNames = [];
  for (let i = 4; i <= n; i += 4) volumeNames.push(`${project}_v${i}`);
  const runs = [];
  for (let i = 1; i <= n; i++) {
    const volume = i % 4 === 0 ? `-v ${project}_v${i}:/data` : '';
    runs.push(`docker run -d --name ${project}-s${i}-1 ${label} --network ${project}_default --network-alias s${i} ${volume} ${IMAGE} sh -c "${COMMAND}" >/dev/null &`);
  }
  const up = [
    'set -e',
    `docker network create ${label} ${project}_default >/dev/null`,
    ...volumeNames.map((name) => `docker volume create ${label} ${name} >/dev/null &`),
    'wait',
    ...runs,
    'wait',
  ].join('\n');
  const noop = `docker ps -a --filter label=com.docker.compose.project=${project} --format '{{.Names}} {{.State}}' >/dev/null`;
  const down = [
    `for id in $(docker ps -aq --filter label=com.docker.compose.project=${project}); do (docker stop "$id" >/dev/null && docker rm "$id" >/dev/null) & done`,
    'wait',
    `docker network rm ${project}_default >/dev/null`,
    ...volumeNames.map((name) => `docker volume rm ${name} >/dev/null &`),
    'wait',
  ].join('\n');
  return { up, noop, down };
}

/**
 * docker 20.10 now and then keeps a stale endpoint, and `network rm` fails at the very end of a down:
 * the time is still the down's; the network goes with the purge before the next round.
 */
function staleEndpoint(stderr) {
  const stale = /network rm|removing network/.test(stderr) && /active endpoints/.test(stderr);
  if (stale) console.error('note: the engine kept a stale network endpoint');
  return stale;
}
const time = (command, args, options = {}) => timeProcess(command, args, options, staleEndpoint);

const projects = [];
const runId = (process.pid % 10000).toString(36);
purgeOnExit(projects);

const startup = [];
for (let i = 0; i < 5; i++) startup.push(time(berthBin, ['version']));
console.log(`bin/berth version: median ${median(startup).toFixed(3)} s over 5 runs`);

for (const n of sizes) {
  const dir = mkdtempSync(path.join(tmpdir(), `berth-bench-${n}-`));
  writeFileSync(path.join(dir, 'compose.yaml'), composeFile(n));
  // A run id keeps projects apart from anything an interrupted earlier run left behind, and a fresh
  // project each round keeps a network the engine failed to remove (a stale endpoint, now and then
  // on docker 20.10) out of the next round's way.
  const projectOf = (name, round) => `berth-c-bench-${runId}-${name[0]}${n}-${round}`;
  const tools = {
    berth: {
      up: (project) => time(berthBin, ['-p', project, 'up', '-d'], { cwd: dir, env }),
      down: (project) => time(berthBin, ['-p', project, 'down', '-v'], { cwd: dir, env }),
    },
    v1: {
      up: (project) => time('docker-compose', ['-p', project, 'up', '-d'], { cwd: dir, env }),
      down: (project) => time('docker-compose', ['-p', project, 'down', '-v'], { cwd: dir, env }),
    },
    raw: {
      up: (project) => time('sh', ['-c', rawScripts(n, project).up]),
      noop: (project) => time('sh', ['-c', rawScripts(n, project).noop]),
      down: (project) => time('sh', ['-c', rawScripts(n, project).down]),
    },
  };
  const figures = Object.fromEntries(Object.keys(tools).map((name) => [name, { cold: [], noop: [], down: [] }]));
  const order = Object.keys(tools);
  for (let round = 0; round < rounds; round++) {
    const turn = round % 2 === 0 ? order : [...order].reverse();
    for (const name of turn) {
      const tool = tools[name];
      const project = projectOf(name, round);
      projects.push(project);
      purge(project);
      figures[name].cold.push(tool.up(project));
      figures[name].noop.push((tool.noop ?? tool.up)(project));
      figures[name].down.push(tool.down(project));
    }
  }
  rmSync(dir, { recursive: true, force: true });
  console.log(`\nN=${n} services (${Math.floor(n / 4)} named volumes), ${rounds} rounds, medians in seconds:`);
  console.log('tool    cold up  no-op up     down');
  for (const name of order) {
    const f = figures[name];
    console.log(`${name.padEnd(6)} ${median(f.cold).toFixed(3).padStart(8)} ${median(f.noop).toFixed(3).padStart(9)} ${median(f.down).toFixed(3).padStart(8)}`);
  }
  const ratio = (a, b, key) => (median(figures[a][key]) / median(figures[b][key])).toFixed(2);
  console.log(`berth/v1:  cold up ${ratio('berth', 'v1', 'cold')}  no-op up ${ratio('berth', 'v1', 'noop')}  down ${ratio('berth', 'v1', 'down')}`);
  console.log(`berth/raw: cold up ${ratio('berth', 'raw', 'cold')}  (raw no-op is one docker ps: ${ratio('berth', 'raw', 'noop')})`);
}
