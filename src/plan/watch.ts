/**
 * What `watch` and `up --watch` do, decided purely: which rules apply (compose's checks and
 * warnings), and, for a batch of changed host paths, which services to rebuild, sync, restart or
 * exec in. The engine watches the files and runs the actions.
 */
import { posix } from 'node:path';
import { UserError } from '../model/errors.js';
import { isInside, isSyncAction, type ExecHook, type PathMapping, type WatchRule } from '../model/develop.js';
import type { Project, ServiceConfig } from '../model/project.js';
import { dockerPatternMatcher, EPHEMERAL_PATTERNS, type PathMatcher } from './docker-patterns.js';

export const NOT_CONFIGURED = "none of the selected services is configured for watch, consider setting a 'develop' section";

/** Compose files and Dockerfiles an initial sync never copies. */
const BUILD_FILES = ['Dockerfile', 'compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml', 'compose.override.yaml', 'compose.override.yml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

export interface ActiveRule {
  readonly service: string;
  readonly rule: WatchRule;
  /** The rule's `ignore`, the build context's `.dockerignore`, editors' temporary files. */
  readonly ignore: PathMatcher;
  readonly include: PathMatcher | undefined;
}

export interface WatchSetup {
  readonly rules: readonly ActiveRule[];
  readonly warnings: readonly string[];
}

/** The actions of one batch of changes, per service, in compose's order: rebuild, sync, restart, exec. */
export interface WatchBatch {
  readonly rebuild: string[];
  readonly sync: Map<string, PathMapping[]>;
  readonly restart: string[];
  readonly exec: Map<string, ExecHook[]>;
}

function boundSource(service: ServiceConfig, path: string): boolean {
  return (service.volumes ?? []).some((volume) => volume.type === 'bind' && typeof volume.source === 'string' && isInside(volume.source, path));
}

/**
 * The rules of the selected services, checked as compose checks them before watching: a rebuild rule
 * needs `build:` (and a build allowed); a sync rule on a bind-mounted path is skipped with compose's
 * warning. `dockerignore` holds each service's build context `.dockerignore` patterns.
 */
export function watchSetup(services: readonly ServiceConfig[], dockerignore: ReadonlyMap<string, readonly string[]>, options: { noBuild?: boolean } = {}): WatchSetup {
  const rules: ActiveRule[] = [];
  const warnings: string[] = [];
  const ephemeral = EPHEMERAL_PATTERNS.map((pattern) => posix.join('/', pattern));
  for (const service of services) {
    for (const rule of service.develop?.watch ?? []) {
      if (rule.action === 'rebuild' && service.build === undefined) throw new UserError(`can't watch service "${service.name}" with action rebuild without a build context`);
      if (rule.action === 'rebuild' && options.noBuild === true) throw new UserError(`--no-build is incompatible with watch action rebuild in service ${service.name}`);
      if (isSyncAction(rule.action) && boundSource(service, rule.path)) {
        warnings.push(`path '${rule.path}' also declared by a bind mount volume, this path won't be monitored!`);
        continue;
      }
      const context = service.build?.context;
      const ignores = [...(rule.ignore ?? []).map((pattern) => joinPattern(rule.path, pattern)), ...ephemeral, ...(context === undefined ? [] : (dockerignore.get(service.name) ?? []).map((pattern) => joinPattern(context, pattern)))];
      rules.push({
        service: service.name,
        rule,
        ignore: dockerPatternMatcher('/', ignores),
        include: rule.include === undefined ? undefined : dockerPatternMatcher(rule.path, rule.include),
      });
    }
  }
  if (rules.length === 0 && warnings.length === 0) throw new UserError(NOT_CONFIGURED);
  return { rules, warnings };
}

/** A pattern relative to `root` made absolute (keeping a leading `!`). */
function joinPattern(root: string, pattern: string): string {
  const exclusion = pattern.trim().startsWith('!');
  const body = exclusion ? pattern.trim().slice(1) : pattern.trim();
  return `${exclusion ? '!' : ''}${posix.isAbsolute(body) ? body : posix.join(root, body)}`;
}

/** Where a changed host path goes for this rule, or undefined when the rule does not cover it. */
export function ruleMapping(active: ActiveRule, hostPath: string): PathMapping | undefined {
  const { rule } = active;
  if (!isInside(rule.path, hostPath)) return undefined;
  if (active.include !== undefined && !active.include.matches(hostPath)) return undefined;
  if (active.ignore.matches(hostPath)) return undefined;
  const relative = posix.relative(rule.path, hostPath);
  return { hostPath, containerPath: rule.target === undefined ? '' : posix.join(rule.target, relative) };
}

/** Whether an initial sync skips this path (ignored, or a Dockerfile or compose file). */
export function initialSyncSkips(active: ActiveRule, hostPath: string, dockerfile: string | undefined): boolean {
  const name = posix.basename(hostPath);
  return BUILD_FILES.includes(name) || name === dockerfile || active.ignore.matches(hostPath);
}

/** The actions a batch of changed paths calls for, batched per service (one sync, one restart, each exec once). */
export function watchBatch(paths: readonly string[], rules: readonly ActiveRule[]): WatchBatch {
  const batch: WatchBatch = { rebuild: [], sync: new Map(), restart: [], exec: new Map() };
  const once = <T>(list: T[], item: T): void => {
    if (!list.includes(item)) list.push(item);
  };
  for (const path of paths) {
    for (const active of rules) {
      const mapping = ruleMapping(active, path);
      if (mapping === undefined) continue;
      const { service, rule } = active;
      if (rule.action === 'rebuild') once(batch.rebuild, service);
      if (rule.action === 'restart' || rule.action === 'sync+restart') once(batch.restart, service);
      if (isSyncAction(rule.action)) {
        const mappings = batch.sync.get(service) ?? [];
        if (!mappings.some((known) => known.containerPath === mapping.containerPath)) mappings.push(mapping);
        batch.sync.set(service, mappings);
      }
      if (rule.action === 'sync+exec' && rule.exec !== undefined) {
        const hooks = batch.exec.get(service) ?? [];
        once(hooks, rule.exec);
        batch.exec.set(service, hooks);
      }
    }
  }
  return batch;
}

/** Go's %q of a list of names, as compose prints them: `["web" "db"]`. */
export function quotedList(names: readonly string[]): string {
  return `[${names.map((name) => JSON.stringify(name)).join(' ')}]`;
}

/** `docker exec` argv for a sync+exec hook in one container; environment values travel in docker's environment. */
/** compose's watch start: services with `build:` and `develop:` are always built (pull_policy build). */
export function withWatchBuilds(project: Project): Project {
  const services = Object.fromEntries(Object.entries(project.services).map(([name, service]) => [name, service.build !== undefined && service.develop !== undefined ? { ...service, pull_policy: 'build' } : service]));
  return { ...project, services };
}
