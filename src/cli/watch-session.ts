/**
 * The watch loop of `watch` and `up --watch`: checks the rules, runs the initial syncs, then turns
 * each quiet batch of file changes into compose's actions (rebuild, sync, restart, exec), one line
 * each. A failed action is reported and watching goes on, as in compose.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { watchFiles } from '../engine/file-watch.js';
import { execInContainers, pruneDanglingImages, restartContainers, ServiceContainers, syncContent, syncIntoContainers } from '../engine/watch-actions.js';
import { isSyncAction, type PathMapping } from '../model/develop.js';
import type { Project, ServiceConfig } from '../model/project.js';
import { dockerignoreLines } from '../plan/docker-patterns.js';
import { shellJoin } from '../plan/shell-quote.js';
import { hookArgv } from '../plan/hooks.js';
import { initialSyncSkips, quotedList, watchBatch, watchSetup, type ActiveRule, type WatchSetup } from '../plan/watch.js';
import { printWarnings } from './context.js';
import { convergeProject } from './converge.js';
import type { GlobalOptions } from './global-options.js';

export interface WatchOptions {
  /** --prune: remove the dangling images a rebuild leaves. */
  readonly prune: boolean;
  /** --quiet: hide build output. */
  readonly quiet: boolean;
  readonly noBuild?: boolean;
}

export interface WatchSession {
  /** Stops watching ("Watch disabled"). */
  close(): void;
}

const say = (line: string): void => void process.stdout.write(`${line}\n`);

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Each service's `.dockerignore` patterns (`<Dockerfile>.dockerignore` first, as compose reads them). */
function dockerignores(services: readonly ServiceConfig[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const service of services) {
    const context = service.build?.context;
    if (context === undefined) continue;
    const text = readText(join(context, `${service.build?.dockerfile ?? 'Dockerfile'}.dockerignore`)) ?? readText(join(context, '.dockerignore'));
    if (text !== undefined) found.set(service.name, dockerignoreLines(text));
  }
  return found;
}

function syncService(containers: ServiceContainers, service: string, mappings: readonly PathMapping[], skip: (path: string) => boolean): Promise<void> {
  const content = syncContent(mappings, skip);
  return containers.withContainers(service, (ids) => syncIntoContainers(ids, content));
}

/** The rules to follow, checked before anything runs (a service with none, a rebuild without build:...). */
export function prepareWatch(services: readonly ServiceConfig[], watch: WatchOptions): WatchSetup {
  return watchSetup(services, dockerignores(services), { noBuild: watch.noBuild === true });
}

/** Runs the initial syncs, then watches until closed. */
export async function startWatch(project: Project, setup: WatchSetup, options: GlobalOptions, watch: WatchOptions): Promise<WatchSession> {
  printWarnings(setup.warnings);
  const containers = new ServiceContainers(project.name);
  const skipFor = (service: string) => (path: string): boolean => setup.rules.some((active) => active.service === service && active.ignore.matches(path));
  // A missing path has nothing to copy (and must not read as a deletion of the target).
  for (const active of setup.rules.filter((candidate) => candidate.rule.initial_sync === true && isSyncAction(candidate.rule.action) && existsSync(candidate.rule.path))) {
    const dockerfile = project.services[active.service]?.build?.dockerfile;
    await syncService(containers, active.service, [{ hostPath: active.rule.path, containerPath: active.rule.target ?? '/' }], (path) => initialSyncSkips(active, path, dockerfile));
  }
  const handle = (changed: string[]): Promise<void> => handleBatch({ project, options, watch, containers, rules: setup.rules, skipFor }, changed).catch((error: unknown) => {
    printWarnings([`Error handling changed files: ${error instanceof Error ? error.message : String(error)}`]);
  });
  const files = watchFiles(setup.rules.map((active) => active.rule.path), handle, {
    onError: (error) => printWarnings([`watch: ${error.message}`]),
  });
  say('Watch enabled');
  return {
    close: () => {
      files.close();
      say('Watch disabled');
    },
  };
}

interface SessionContext {
  readonly project: Project;
  readonly options: GlobalOptions;
  readonly watch: WatchOptions;
  readonly containers: ServiceContainers;
  readonly rules: readonly ActiveRule[];
  readonly skipFor: (service: string) => (path: string) => boolean;
}

async function handleBatch(session: SessionContext, changed: string[]): Promise<void> {
  const { project, options, watch, containers } = session;
  const batch = watchBatch(changed, session.rules);
  if (batch.rebuild.length > 0) {
    say(`Rebuilding service(s) ${quotedList(batch.rebuild)} after changes were detected...`);
    const selected = batch.rebuild.map((name) => project.services[name]).filter((service) => service !== undefined);
    await convergeProject(project, options, { services: batch.rebuild, noDeps: true, build: true, forceRecreate: true, quietPull: watch.quiet }, { selected, quietBuild: watch.quiet });
    for (const service of batch.rebuild) containers.forget(service);
    if (watch.prune) await pruneDanglingImages(project.name);
    say(`service(s) ${quotedList(batch.rebuild)} successfully built`);
  }
  for (const [service, mappings] of batch.sync) {
    say(`Syncing service "${service}" after ${mappings.length} changes were detected`);
    await syncService(containers, service, mappings, session.skipFor(service));
  }
  if (batch.restart.length > 0) {
    for (const service of batch.restart) await containers.withContainers(service, restartContainers);
    say(`service(s) ${quotedList(batch.restart)} restarted`);
  }
  for (const [service, hooks] of batch.exec) {
    for (const hook of hooks) {
      say(`Running ${shellJoin(hook.command)} in service "${service}"`);
      const commands = (await containers.of(service)).map((id) => hookArgv(hook, id, `services.${service}.develop.watch.exec`, (message) => printWarnings([message])));
      await execInContainers(commands, (text) => void process.stdout.write(text));
    }
  }
}
