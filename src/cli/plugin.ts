import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { environmentView } from '../engine/environment.js';
import { dockerConfigDirectory } from './docker-config.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../model/errors.js';
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
export function pluginArgs(args: readonly string[], environment: Readonly<Record<string, string | undefined>> = environmentView()): { args: string[] } | { metadata: string } {
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

/** How the user called berth, for help and messages: `docker compose` as a plugin, else `berth`. */
export function commandName(environment: Readonly<Record<string, string | undefined>> = environmentView()): string {
  return environment[PLUGIN_ENV] === '1' ? 'docker compose' : 'berth';
}

/** The second line of every wrapper berth writes: how berth recognises its own plugin. */
const WRAPPER_MARK = '# docker CLI plugin: `docker compose` runs berth.';
/** Where a plugin berth replaced is kept (a hidden name: the docker CLI only looks at `docker-*`). */
const BACKUP_NAME = '.docker-compose.berth-backup';

/** The docker CLI's per-user plugin directory: $DOCKER_CONFIG/cli-plugins, else ~/.docker/cli-plugins. */
export function defaultPluginDirectory(environment: Readonly<Record<string, string | undefined>> = environmentView()): string {
  return path.join(dockerConfigDirectory(environment), 'cli-plugins');
}

function isBerthWrapper(file: string): boolean {
  try {
    return readFileSync(file, 'utf8').split('\n')[1] === WRAPPER_MARK;
  } catch {
    return false;
  }
}

const exists = (file: string): boolean => {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
};

export interface PluginChange {
  readonly target: string;
  /** Where the plugin that was there before is kept (install --force) or what was put back (uninstall). */
  readonly backup?: string;
}

/**
 * Writes the `docker-compose` plugin wrapper into `directory`. Another `docker-compose` there (the
 * real docker compose) is replaced only with `force`, and kept aside to be restored by uninstallPlugin.
 */
export function installPlugin(directory = defaultPluginDirectory(), options: { force?: boolean } = {}): PluginChange {
  const berthBin = berthCommand();
  const target = path.join(directory, 'docker-compose');
  const backup = path.join(directory, BACKUP_NAME);
  mkdirSync(directory, { recursive: true });
  let keptAside: string | undefined;
  if (exists(target) && !isBerthWrapper(target)) {
    if (options.force !== true) {
      throw new UserError(`${target} exists and is not berth's (another docker compose?): not replacing it; use --force to replace it (it is kept and uninstall-plugin puts it back)`);
    }
    renameSync(target, backup);
    keptAside = backup;
  }
  const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;
  // Through bin/berth (which keeps NODE_EXTRA_CA_CERTS off Node's start), with this Node pinned.
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, `#!/bin/sh\n${WRAPPER_MARK}\n${PLUGIN_ENV}=1 BERTH_NODE=${quote(process.execPath)} exec ${quote(berthBin)} "$@"\n`);
  chmodSync(temporary, 0o755);
  renameSync(temporary, target);
  return { target, ...(keptAside === undefined ? {} : { backup: keptAside }) };
}

/** Removes berth's `docker-compose` plugin from `directory` and puts back the plugin it replaced, if any. */
export function uninstallPlugin(directory = defaultPluginDirectory()): PluginChange {
  const target = path.join(directory, 'docker-compose');
  const backup = path.join(directory, BACKUP_NAME);
  if (!exists(target)) throw new UserError(`no docker-compose plugin in ${directory}: nothing to uninstall`);
  if (!isBerthWrapper(target)) throw new UserError(`${target} is not berth's plugin: leaving it in place`);
  if (exists(backup)) {
    renameSync(backup, target);
    return { target, backup };
  }
  unlinkSync(target);
  return { target };
}
