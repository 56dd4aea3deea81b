import { dockerCliReads } from '../../model/docker-cli-env.js';
import type { ArgPart } from '../../model/plan.js';
import { sortedEntries } from './context.js';

/**
 * Names a POSIX shell keeps in the environment it passes on: dash drops others (`spring.profiles`),
 * so a docker that is a wrapper script would lose them; they go in the env file too.
 */
const SHELL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What docker's line-based `--env-file` cannot carry: a line break (a trailing CR is dropped too). */
function fitsEnvFile(value: string): boolean {
  return !/[\r\n]/.test(value);
}

function onCommandLine(keyPath: string, key: string, why: string): string {
  return `warning: ${keyPath} goes on docker's command line (local users can read it in the process list): docker's CLI reads ${key} itself and ${why}`;
}

/**
 * The environment of a container, its values kept off argv: `-e KEY`, the value in docker's own
 * environment for that command. Keys docker's CLI reads as its own settings (DOCKER_HOST, PATH, a
 * proxy...) and keys that are no shell names go in one private `--env-file` instead; a CLI key whose
 * value has a line break, which that file cannot carry, alone goes on argv as `-e KEY=VALUE`, with a
 * warning. A null value stays a bare `-e KEY`: unset in the container.
 */
export function environmentFlags(environment: Readonly<Record<string, string | null>>, keyPath: string, warn: (message: string) => void): ArgPart[] {
  const flags: ArgPart[] = [];
  const fileLines: string[] = [];
  for (const [key, value] of sortedEntries(environment)) {
    const cliReads = dockerCliReads(key);
    // docker's env file refuses a key with white space: that one stays in docker's environment.
    if (!cliReads && (SHELL_NAME.test(key) || /\s/.test(key) || value === null || !fitsEnvFile(value))) flags.push('-e', { env: key, value });
    else if (value === null) flags.push('-e', key);
    else if (fitsEnvFile(value)) fileLines.push(`${key}=${value}`);
    else {
      warn(onCommandLine(`${keyPath}.${key}`, key, 'its value has a line break, which --env-file cannot carry'));
      flags.push('-e', `${key}=${value}`);
    }
  }
  return fileLines.length === 0 ? flags : ['--env-file', { envFile: fileLines }, ...flags];
}

/**
 * `--build-arg KEY`, the value in docker's environment; null (no value anywhere) leaves the argument
 * out. docker build has no file for build args: a key docker's CLI reads itself goes on argv as
 * `--build-arg KEY=VALUE`, with a warning.
 */
export function buildArgFlags(args: Readonly<Record<string, string | null>>, keyPath: string, warn: (message: string) => void): ArgPart[] {
  const flags: ArgPart[] = [];
  for (const [key, value] of sortedEntries(args)) {
    if (value === null) continue;
    if (!dockerCliReads(key)) {
      flags.push('--build-arg', { env: key, value });
      continue;
    }
    warn(onCommandLine(`${keyPath}.${key}`, key, 'docker build takes build args from no file'));
    flags.push('--build-arg', `${key}=${value}`);
  }
  return flags;
}
