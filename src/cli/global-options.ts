import type { Argv } from 'yargs';
import { UserError } from '../model/errors.js';
import { processEnvironment } from '../engine/environment.js';
import { PROGRESS_SETTINGS, type ProgressSetting } from '../ui/renderers/renderer.js';
import { composeSettings } from './env-files.js';

/** The options every command takes (docker compose's global flags). */
export interface GlobalOptions {
  readonly file: string[];
  readonly projectName: string | undefined;
  readonly projectDirectory: string | undefined;
  readonly envFile: string[];
  readonly profile: string[];
  readonly dryRun: boolean;
  readonly ansi: 'never' | 'always' | 'auto';
  readonly progress: ProgressSetting;
  readonly parallel: number;
  /** --compatibility or COMPOSE_COMPATIBILITY: v1-style `_` in container and default image names. */
  readonly compatibility: boolean;
  /** COMPOSE_STATUS_STDOUT: progress and status lines on stdout instead of stderr. */
  readonly statusStdout: boolean;
  /** The environment compose settings are read from: the shell's, plus the env files' COMPOSE_* the shell leaves unset. */
  readonly settings: Readonly<Record<string, string>>;
}

export function addGlobalOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('file', { alias: 'f', type: 'string', array: true, nargs: 1, default: [] as string[], description: 'Compose configuration files', global: true })
    .option('project-name', { alias: 'p', type: 'string', description: 'Project name', global: true })
    .option('project-directory', { type: 'string', description: 'Alternate working directory (default: the directory of the first compose file)', global: true })
    .option('env-file', { type: 'string', array: true, nargs: 1, default: [] as string[], description: 'Alternate environment files', global: true })
    .option('profile', { type: 'string', array: true, nargs: 1, default: [] as string[], description: 'Profiles to enable', global: true })
    .option('dry-run', { type: 'boolean', default: false, description: 'Print the docker commands as a shell script instead of running them', global: true })
    .option('ansi', { type: 'string', choices: ['never', 'always', 'auto'], description: 'Control when to print ANSI control characters', global: true })
    .option('progress', { type: 'string', choices: [...PROGRESS_SETTINGS, 'none'], description: 'Type of progress output', global: true })
    .option('parallel', { type: 'number', description: 'Control max parallelism, -1 for unlimited', global: true })
    .option('compatibility', { type: 'boolean', description: 'Run compose in backward compatibility mode', global: true });
}

/** A COMPOSE_* switch as compose reads it (Go's strconv.ParseBool; anything else is false). */
export function settingIsTrue(value: string | undefined): boolean {
  return value !== undefined && ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value);
}

/** Reads the parsed yargs values (with COMPOSE_* defaults from the environment and env files) into GlobalOptions. */
export function toGlobalOptions(argv: Record<string, unknown>): GlobalOptions {
  const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String).flatMap((item) => item.split(',')).filter(Boolean) : []);
  const env = composeSettings(processEnvironment(), argv['projectDirectory'] as string | undefined, list(argv['envFile']));
  const ansi = (argv['ansi'] as string | undefined) ?? env['COMPOSE_ANSI'] ?? 'auto';
  const progress = (argv['progress'] as string | undefined) ?? env['COMPOSE_PROGRESS'] ?? 'auto';
  const parallelText = argv['parallel'] ?? env['COMPOSE_PARALLEL_LIMIT'];
  const parallel = parallelText === undefined ? -1 : Number(parallelText);
  if (!Number.isInteger(parallel)) {
    throw new UserError(argv['parallel'] === undefined ? 'COMPOSE_PARALLEL_LIMIT must be an integer' : '--parallel must be an integer');
  }
  return {
    file: (argv['file'] as string[] | undefined ?? []).map(String),
    projectName: argv['projectName'] as string | undefined,
    projectDirectory: argv['projectDirectory'] as string | undefined,
    envFile: list(argv['envFile']),
    profile: list(argv['profile']),
    dryRun: argv['dryRun'] === true,
    ansi: env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '' && argv['ansi'] === undefined ? 'never' : (ansi as GlobalOptions['ansi']),
    progress: (progress === 'none' ? 'quiet' : progress) as GlobalOptions['progress'],
    parallel,
    compatibility: argv['compatibility'] === true || settingIsTrue(env['COMPOSE_COMPATIBILITY']),
    statusStdout: settingIsTrue(env['COMPOSE_STATUS_STDOUT']),
    settings: env,
  };
}
