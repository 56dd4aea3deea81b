import { UserError } from '../model/errors.js';

/** Lowercase, only `[a-z0-9_-]`, no leading `_` or `-` (compose-go NormalizeProjectName). */
export function normalizeProjectName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]/g, '').replace(/^[_-]+/, '');
}

export interface ProjectNameSources {
  /** `-p` */
  readonly flag?: string | undefined;
  /** COMPOSE_PROJECT_NAME from the shell or .env */
  readonly environment?: string | undefined;
  /** Top-level `name:` of the compose files (already interpolated). */
  readonly nameKey?: string | undefined;
  /** Basename of the project directory. */
  readonly directoryName: string;
}

/** The project name by compose's precedence: -p, COMPOSE_PROJECT_NAME, `name:`, directory. */
export function resolveProjectName(sources: ProjectNameSources): string {
  for (const explicit of [sources.flag, sources.environment]) {
    if (explicit === undefined || explicit === '') continue;
    if (normalizeProjectName(explicit) !== explicit) {
      throw new UserError(
        `invalid project name "${explicit}": must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number`,
      );
    }
    return explicit;
  }
  const derived = normalizeProjectName(sources.nameKey !== undefined && sources.nameKey !== '' ? sources.nameKey : sources.directoryName);
  if (derived === '') throw new UserError('project name must not be empty');
  return derived;
}
