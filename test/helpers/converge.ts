import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { docker } from './docker.js';

/** Writes a compose file into a fresh temporary directory and returns the directory. */
export function stackDir(compose: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-converge-'));
  writeFileSync(path.join(dir, 'compose.yaml'), compose);
  return dir;
}

/** Container name → ID for a project's containers. */
export async function containerIds(project: string): Promise<Record<string, string>> {
  const out = await docker(['ps', '-a', '--no-trunc', '--filter', `label=com.docker.compose.project=${project}`, '--format', '{{.Names}} {{.ID}}']);
  return Object.fromEntries(out.split('\n').filter(Boolean).map((line) => line.split(' ') as [string, string]));
}

/** One `docker inspect --format` value of a container. */
export async function inspect(container: string, format: string): Promise<string> {
  return (await docker(['inspect', '--format', format, container])).trim();
}

/**
 * A DOCKER_BIN stand-in that appends each invocation's argv (one JSON array per line) to a log, then
 * runs the real docker: what berth ran, exactly.
 */
export function recordingDocker(): { bin: string; calls: () => string[][] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-docker-log-'));
  const log = path.join(dir, 'calls.log');
  const bin = path.join(dir, 'docker');
  writeFileSync(log, '');
  writeFileSync(bin, `#!/usr/bin/env node
const { appendFileSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
appendFileSync(${JSON.stringify(log)}, JSON.stringify(process.argv.slice(2)) + '\\n');
const result = spawnSync('docker', process.argv.slice(2), { stdio: 'inherit' });
process.exit(result.status === null ? 1 : result.status);
`);
  chmodSync(bin, 0o755);
  return { bin, calls: () => readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as string[]) };
}

/** docker subcommands that only read. */
const READ_ONLY = [/^ps$/, /^inspect$/, /^version$/, /^(network|volume|image|container) (ls|inspect)$/, /^events$/, /^logs$/];

/** The calls that could change the engine. */
export function mutatingCalls(calls: readonly string[][]): string[][] {
  return calls.filter((argv) => {
    const command = ['network', 'volume', 'image', 'container'].includes(argv[0] ?? '') ? `${argv[0]} ${argv[1]}` : argv[0] ?? '';
    return !READ_ONLY.some((pattern) => pattern.test(command));
  });
}
