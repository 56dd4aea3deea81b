/**
 * The docker side of `watch`: copying changed files into running containers (one tar archive per
 * batch, `docker cp -a - ID:/`, as compose's CopyToContainer with its owners), removing deleted ones
 * (`docker exec ID rm -rf -- PATHS`, compose's own command), restarting, and running exec hooks.
 */
import { readFileSync, readdirSync, statSync, type Stats } from 'node:fs';
import { join, posix } from 'node:path';
import { DockerCommandError } from '../model/errors.js';
import { Label } from '../model/labels.js';
import type { PathMapping } from '../model/develop.js';
import type { ArgPart } from '../model/plan.js';
import { withPreparedCommand } from './child-env.js';
import { dockerOutput, runDocker } from './docker.js';
import { tarArchive, type TarEntry } from './tar.js';

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function entry(stats: Stats, containerPath: string, content: Uint8Array, directory: boolean): TarEntry {
  return { path: containerPath.replace(/^\/+/, ''), mode: stats.mode & 0o7777, uid: stats.uid, gid: stats.gid, mtime: stats.mtimeMs / 1000, content, directory };
}

/** The tar entries of a host path (a directory with what it holds, minus what `skip` says), or undefined when it is gone. */
function entriesOf(hostPath: string, containerPath: string, skip: (hostPath: string) => boolean): TarEntry[] | undefined {
  const stats = statOrUndefined(hostPath);
  if (stats === undefined) return undefined;
  if (stats.isFile()) {
    try {
      return [entry(stats, containerPath, readFileSync(hostPath), false)];
    } catch {
      return undefined;
    }
  }
  if (!stats.isDirectory()) return [];
  const entries = [entry(stats, containerPath, new Uint8Array(), true)];
  for (const name of readdirSync(hostPath).sort()) {
    const child = join(hostPath, name);
    if (!skip(child)) entries.push(...(entriesOf(child, posix.join(containerPath, name), skip) ?? []));
  }
  return entries;
}

/** What a sync does: the archive of what exists, and the container paths of what was removed. */
export interface SyncContent {
  readonly archive: Uint8Array | undefined;
  readonly removed: string[];
}

export function syncContent(mappings: readonly PathMapping[], skip: (hostPath: string) => boolean = () => false): SyncContent {
  const entries = new Map<string, TarEntry>();
  const removed: string[] = [];
  for (const mapping of mappings) {
    const found = entriesOf(mapping.hostPath, mapping.containerPath, skip);
    if (found === undefined) removed.push(mapping.containerPath);
    for (const item of found ?? []) entries.set(item.path, item);
  }
  return { archive: entries.size === 0 ? undefined : tarArchive([...entries.values()]), removed };
}

/** Removes and copies (disjoint paths: both at once) in each running container of the service. */
export async function syncIntoContainers(containerIds: readonly string[], content: SyncContent): Promise<void> {
  await Promise.all(containerIds.flatMap((id) => [
    content.removed.length === 0 ? undefined : dockerOutput(['exec', id, 'rm', '-rf', '--', ...content.removed]),
    content.archive === undefined ? undefined : dockerOutput(['cp', '-a', '-', `${id}:/`], { input: content.archive }),
  ]));
}

export async function restartContainers(containerIds: readonly string[]): Promise<void> {
  if (containerIds.length > 0) await dockerOutput(['restart', ...containerIds]);
}

/** Runs `docker exec` commands (one per container) at once; their output is passed on, a failure names the command. */
export async function execInContainers(commands: ReadonlyArray<readonly ArgPart[]>, output: (text: string) => void): Promise<void> {
  await Promise.all(commands.map((parts) => withPreparedCommand(parts, async () => undefined, async ({ argv, env }) => {
    const result = await runDocker(argv, { env });
    output(result.stdout + result.stderr);
    if (result.exitCode !== 0) throw new DockerCommandError(argv, result.exitCode, result.stderr);
  })));
}

/** IDs of the project's running containers of a service (one-offs excluded). */
async function runningContainersOf(projectName: string, service: string): Promise<string[]> {
  const text = await dockerOutput(['ps', '-q', '--no-trunc', '--filter', `label=${Label.project}=${projectName}`, '--filter', `label=${Label.service}=${service}`, '--filter', `label=${Label.oneoff}=False`]);
  return text.split('\n').map((line) => line.trim()).filter(Boolean);
}

/**
 * The running containers of each service, looked up once and kept (a sync costs one `docker ps`
 * less); `refresh` after a rebuild or a failed action, when they may have been replaced.
 */
export class ServiceContainers {
  private readonly known = new Map<string, Promise<string[]>>();

  constructor(private readonly projectName: string) {}

  of(service: string): Promise<string[]> {
    let ids = this.known.get(service);
    if (ids === undefined) {
      ids = runningContainersOf(this.projectName, service);
      this.known.set(service, ids);
    }
    return ids;
  }

  forget(service: string): void {
    this.known.delete(service);
  }

  /** Runs `action` on the known containers; if it fails, once more on freshly looked-up ones. */
  async withContainers(service: string, action: (ids: string[]) => Promise<void>): Promise<void> {
    try {
      await action(await this.of(service));
    } catch {
      this.forget(service);
      await action(await this.of(service));
    }
  }
}

/** `--prune`: removes the project's dangling images (those a rebuild left untagged); failures are ignored. */
export async function pruneDanglingImages(projectName: string): Promise<void> {
  const text = await dockerOutput(['image', 'ls', '-q', '--no-trunc', '--filter', 'dangling=true', '--filter', `label=${Label.project}=${projectName}`]).catch(() => '');
  const ids = [...new Set(text.split('\n').map((line) => line.trim()).filter(Boolean))];
  if (ids.length > 0) await runDocker(['image', 'rm', ...ids]);
}
