import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BERTH_VERSION } from '../model/labels.js';

/** Set by the installed plugin wrapper: berth runs as `docker compose`. */
export const PLUGIN_ENV = 'BERTH_AS_DOCKER_PLUGIN';

/** The docker CLI plugin metadata (docker runs `docker-compose docker-cli-plugin-metadata`). */
export function pluginMetadata(): string {
  return `${JSON.stringify({
    SchemaVersion: '0.1.0',
    Vendor: 'berth',
    Version: `v${BERTH_VERSION}`,
    ShortDescription: 'Docker Compose, re-built in TypeScript over the docker CLI',
  })}\n`;
}

/**
 * As a docker CLI plugin, berth is called as `docker-compose compose <args>` (and once as
 * `docker-compose docker-cli-plugin-metadata`): returns the args berth itself should parse, or the
 * metadata text to print.
 */
export function pluginArgs(args: readonly string[], environment: NodeJS.ProcessEnv = process.env): { args: string[] } | { metadata: string } {
  if (environment[PLUGIN_ENV] !== '1') return { args: [...args] };
  if (args[0] === 'docker-cli-plugin-metadata') return { metadata: pluginMetadata() };
  return { args: args[0] === 'compose' ? args.slice(1) : [...args] };
}

/** bin/berth (the command) of this installation: found upwards from this code (dist/cli/ after tsc, dist/ in the bundle). */
function berthCommand(): string {
  let directory = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(directory, 'bin', 'berth'))) {
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error('bin/berth not found above the running code');
    directory = parent;
  }
  return path.join(directory, 'bin', 'berth');
}

/** Writes the `docker-compose` plugin wrapper into `directory` (default ~/.docker/cli-plugins); returns its path. */
export function installPlugin(directory = path.join(homedir(), '.docker', 'cli-plugins')): string {
  const berthBin = berthCommand();
  const target = path.join(directory, 'docker-compose');
  mkdirSync(directory, { recursive: true });
  const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;
  // Through bin/berth (which keeps NODE_EXTRA_CA_CERTS off Node's start), with this Node pinned.
  writeFileSync(target, `#!/bin/sh\n# docker CLI plugin: \`docker compose\` runs berth.\n${PLUGIN_ENV}=1 BERTH_NODE=${quote(process.execPath)} exec ${quote(berthBin)} "$@"\n`);
  chmodSync(target, 0o755);
  return target;
}
