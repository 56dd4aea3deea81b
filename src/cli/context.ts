import { loadProject, type LoadResult } from '../config/load.js';
import type { Project } from '../model/project.js';
import { UserError } from '../model/errors.js';
import type { GlobalOptions } from './global-options.js';
import { readLoadInput } from './read-inputs.js';

/** Prints loader and planner warnings the way docker compose does (on stderr). */
export function printWarnings(warnings: readonly string[]): void {
  for (const warning of warnings) process.stderr.write(`WARN[0000] ${warning}\n`);
}

/** Reads inputs, loads the project and prints its warnings; also returns the interpolation environment. */
export function loadWithEnvironment(options: GlobalOptions, enabledServices: readonly string[] = []): { project: Project; environment: Readonly<Record<string, string>> } {
  const input = readLoadInput(options, { enabledServices });
  const result: LoadResult = loadProject(input);
  printWarnings(result.warnings);
  for (const name of enabledServices) {
    if (!Object.hasOwn(result.project.services, name)) throw new UserError(`no such service: ${name}`);
  }
  return { project: result.project, environment: input.environment };
}

/** Reads inputs, loads the project and prints its warnings. */
export function loadFromOptions(options: GlobalOptions, enabledServices: readonly string[] = []): Project {
  return loadWithEnvironment(options, enabledServices).project;
}

/** Whether to colour output written to `stream`. */
export function useColour(options: GlobalOptions, stream: NodeJS.WriteStream = process.stdout): boolean {
  if (options.ansi === 'always') return true;
  if (options.ansi === 'never') return false;
  return stream.isTTY === true;
}

/** --parallel / COMPOSE_PARALLEL_LIMIT as a limit (Infinity for -1 or unset). */
export function concurrencyLimit(options: GlobalOptions): number {
  return options.parallel > 0 ? options.parallel : Infinity;
}
