import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { UserError } from '../model/errors.js';
import type { LoadInput } from '../config/load.js';
import { readEnvFiles, readOptionalFile } from './env-files.js';
import { settingIsTrue, type GlobalOptions } from './global-options.js';

/** Default compose file names, in compose's order of preference, and their overrides. */
const COMPOSE_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
const OVERRIDE_FILE_NAMES = ['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

/** Walks up from `start` to the first directory holding a compose file; returns it and its override. */
export function discoverComposeFiles(start: string): string[] | undefined {
  for (let directory = path.resolve(start); ; directory = path.dirname(directory)) {
    const found = COMPOSE_FILE_NAMES.filter((name) => existsSync(path.join(directory, name)));
    if (found.length > 0) {
      if (found.length > 1) process.stderr.write(`WARN[0000] Found multiple config files with supported names: ${found.map((name) => path.join(directory, name)).join(', ')}\nWARN[0000] Using ${path.join(directory, found[0] as string)}\n`);
      const override = OVERRIDE_FILE_NAMES.find((name) => existsSync(path.join(directory, name)));
      return [path.join(directory, found[0] as string), ...(override === undefined ? [] : [path.join(directory, override)])];
    }
    if (path.dirname(directory) === directory) return undefined;
  }
}

/** Reads the compose files and environment the global options point at; the loader gets no fs access. */
export function readLoadInput(options: GlobalOptions, extra: Pick<LoadInput, 'enabledServices'> = {}): LoadInput {
  const cwd = process.cwd();
  const shell: Record<string, string> = { PWD: cwd, ...options.settings };
  const envFiles = (options.envFile.length > 0 ? options.envFile : (shell['COMPOSE_ENV_FILES'] ?? '').split(',').filter(Boolean)).map((file) => path.resolve(cwd, file.replace(/^~(?=\/|$)/, homedir())));
  const firstDirectory = options.projectDirectory === undefined ? cwd : path.resolve(cwd, options.projectDirectory);
  // Shell variables win over .env; .env may set COMPOSE_FILE, COMPOSE_PROJECT_NAME, COMPOSE_PROFILES.
  let environment = { ...readEnvFiles(firstDirectory, envFiles, shell), ...shell };
  const files = resolveFilePaths(options.file, environment, cwd, firstDirectory);
  const firstFile = files.find((file) => file !== '-');
  const workingDir = options.projectDirectory !== undefined ? firstDirectory : firstFile === undefined ? cwd : path.dirname(firstFile);
  if (workingDir !== firstDirectory) environment = { ...readEnvFiles(workingDir, envFiles, shell), ...shell };
  const profiles = options.profile.length > 0 ? options.profile : (environment['COMPOSE_PROFILES'] ?? '').split(',').filter(Boolean);
  return {
    workingDir,
    files: files.map((file) => ({ path: file === '-' ? path.join(workingDir, '-') : file, text: file === '-' ? readFileSync(0, 'utf8') : readComposeFile(file) })),
    environment,
    projectName: options.projectName,
    profiles,
    envFiles,
    homeDir: homedir(),
    readFile: readOptionalFile,
    compatibility: options.compatibility || settingIsTrue(environment['COMPOSE_COMPATIBILITY']),
    ...extra,
  };
}

function resolveFilePaths(flagFiles: readonly string[], environment: Record<string, string>, cwd: string, start: string): string[] {
  if (flagFiles.length > 0) return flagFiles.map((file) => (file === '-' ? '-' : path.resolve(cwd, file)));
  const fromEnvironment = environment['COMPOSE_FILE'];
  if (fromEnvironment !== undefined && fromEnvironment !== '') {
    const separator = environment['COMPOSE_PATH_SEPARATOR'] ?? path.delimiter;
    return fromEnvironment.split(separator).filter(Boolean).map((file) => path.resolve(cwd, file));
  }
  const discovered = discoverComposeFiles(start);
  if (discovered === undefined) {
    throw new UserError('no configuration file provided: not found');
  }
  return discovered;
}

function readComposeFile(file: string): string {
  const text = readOptionalFile(file);
  if (text === undefined) throw new UserError(`open ${file}: no such file or directory`);
  return text;
}
