/** The `develop` section of a service: the rules `watch` and `up --watch` follow. */

export const WATCH_ACTIONS = ['sync', 'rebuild', 'restart', 'sync+restart', 'sync+exec'] as const;
export type WatchAction = (typeof WATCH_ACTIONS)[number];

/** A command run in the service's containers (`sync+exec`'s `exec`; the spec's service hook). */
export interface ExecHook {
  readonly command: string[];
  readonly user?: string;
  readonly privileged?: boolean;
  readonly working_dir?: string;
  readonly environment?: Readonly<Record<string, string | null>>;
}

export interface WatchRule {
  readonly action: WatchAction;
  /** Absolute host path (file or directory) the rule watches. */
  readonly path: string;
  /** Path inside the container (sync actions). */
  readonly target?: string;
  /** Docker ignore patterns, relative to `path`. */
  readonly ignore?: string[];
  /** Docker patterns, relative to `path`: when set, only matching paths count. */
  readonly include?: string[];
  readonly initial_sync?: boolean;
  readonly exec?: ExecHook;
}

export interface DevelopConfig {
  readonly watch?: WatchRule[];
}

/** A host path and where it goes in the containers. */
export interface PathMapping {
  readonly hostPath: string;
  readonly containerPath: string;
}

/** Whether `path` is `parent` or under it (absolute POSIX paths). */
export function isInside(parent: string, path: string): boolean {
  return path === parent || path.startsWith(parent.endsWith('/') ? parent : `${parent}/`);
}

/** Actions that copy files into the containers (and so need a `target`). */
export function isSyncAction(action: WatchAction): boolean {
  return action === 'sync' || action === 'sync+restart' || action === 'sync+exec';
}
