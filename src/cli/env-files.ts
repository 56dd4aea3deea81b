import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { DotenvError, parseDotenv } from '../config/dotenv.js';
import { ownValue, setKey } from '../config/mapping.js';
import { UserError } from '../model/errors.js';

export function readOptionalFile(absolutePath: string): string | undefined {
  try {
    return statSync(absolutePath).isFile() ? readFileSync(absolutePath, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** The variables of the env files (`--env-file`, else `<dir>/.env`), later files winning; `${}` sees the shell first. */
export function readEnvFiles(directory: string, envFiles: readonly string[], shell: Record<string, string>): Record<string, string> {
  const values: Record<string, string> = {};
  const parseInto = (file: string, text: string): void => {
    try {
      for (const [key, value] of Object.entries(parseDotenv(text, (name) => ownValue(shell, name) ?? ownValue(values, name)))) setKey(values, key, value);
    } catch (error) {
      if (error instanceof DotenvError) throw new UserError(`failed to read ${file}: ${error.message}`);
      throw error;
    }
  };
  if (envFiles.length === 0) {
    if (/^(1|true)$/i.test(shell['COMPOSE_DISABLE_ENV_FILE'] ?? '')) return values;
    const file = path.join(directory, '.env');
    const text = readOptionalFile(file);
    if (text !== undefined) parseInto(file, text);
    return values;
  }
  for (const file of envFiles) {
    const text = readOptionalFile(file);
    if (text === undefined) throw new UserError(`couldn't find env file: ${file}`);
    parseInto(file, text);
  }
  return values;
}

/**
 * docker compose's setEnvWithDotEnv, without touching the process: the shell's variables plus every
 * `COMPOSE_*` of the env files (`--env-file`, else the project directory's `.env`) that the shell
 * does not set, so `.env` can set COMPOSE_ANSI, COMPOSE_PROGRESS, COMPOSE_PARALLEL_LIMIT,
 * COMPOSE_REMOVE_ORPHANS and the rest. Unreadable files are left for the loader to report.
 */
export function composeSettings(shell: Readonly<Record<string, string>>, projectDirectory: string | undefined, envFiles: readonly string[]): Record<string, string> {
  const cwd = process.cwd();
  const files = envFiles.map((file) => path.resolve(cwd, file));
  const settings = { ...shell };
  try {
    const values = readEnvFiles(projectDirectory === undefined ? cwd : path.resolve(cwd, projectDirectory), files, settings);
    for (const [key, value] of Object.entries(values)) if (key.startsWith('COMPOSE_') && !Object.hasOwn(shell, key)) settings[key] = value;
  } catch {
    // The loader reads the same files and reports what is wrong with them.
  }
  return settings;
}
