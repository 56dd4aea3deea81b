// Shared by the benchmarks that bring busybox stacks up (bench-converge.mjs, bench-noop-up.mjs): the
// generated stack, timing of one whole process, medians, and the purge of a benchmark project.
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The installed command (the npm bin): what users run, wrapper included. */
export const berthBin = path.join(repo, 'bin', 'berth');
export const IMAGE = 'berth-test/busybox:latest';
export const COMMAND = "trap 'exit 0' TERM; sleep 3600 & wait";
/** berth and docker-compose quiet and colourless, as a Makefile would run them. */
export const benchEnv = { ...process.env, NO_COLOR: '1', COMPOSE_PROGRESS: 'quiet' };

/** N busybox services, a named volume on every fourth. */
export function composeFile(n) {
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

/**
 * Wall seconds of one process. It must succeed; `tolerate(stderr)` may accept a known failure (the
 * time still counts) after saying so.
 */
export function time(command, args, options = {}, tolerate = () => false) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], ...options });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0 && !tolerate(String(result.stderr))) throw new Error(`${command} ${args.join(' ')} failed: ${String(result.stderr)}`);
  return seconds;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Removes everything labelled with the project: containers (and their anonymous volumes), networks, volumes. */
export function purge(project) {
  const filter = `label=com.docker.compose.project=${project}`;
  const list = (args) => execFileSync('docker', args, { encoding: 'utf8' }).split('\n').filter(Boolean);
  const containers = list(['ps', '-aq', '--filter', filter]);
  if (containers.length > 0) spawnSync('docker', ['rm', '-f', '-v', ...containers], { stdio: 'ignore' });
  for (const network of list(['network', 'ls', '-q', '--filter', filter])) spawnSync('docker', ['network', 'rm', network], { stdio: 'ignore' });
  const volumes = list(['volume', 'ls', '-q', '--filter', filter]);
  if (volumes.length > 0) spawnSync('docker', ['volume', 'rm', '-f', ...volumes], { stdio: 'ignore' });
}

/** Purges the projects when the benchmark ends, Ctrl-C included. */
export function purgeOnExit(projects) {
  process.on('exit', () => projects.forEach(purge));
  process.on('SIGINT', () => process.exit(130));
}
