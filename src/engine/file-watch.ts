/**
 * Host file watching for `watch`: Node's own `fs.watch` (recursive on Linux since Node 20, inotify
 * underneath), events gathered until the files have been quiet for a moment, then handed over as one
 * batch. Batches never overlap: changes made while one is handled make the next.
 */
import { existsSync, statSync, watch, type FSWatcher } from 'node:fs';
import { dirname, join } from 'node:path';
import { isInside } from '../model/develop.js';

/** compose's quiet period (pkg/watch/debounce.go). */
export const QUIET_PERIOD_MS = 500;

export interface FileWatch {
  close(): void;
}

export interface FileWatchOptions {
  readonly quietMs?: number;
  /** A watcher failed (its directory was removed...): watching goes on with the others. */
  readonly onError?: (error: Error) => void;
}

interface Root {
  readonly dir: string;
  readonly recursive: boolean;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A directory is watched with everything under it; a file (or a path not made yet) through its nearest existing directory. */
function watchRoots(paths: readonly string[]): Root[] {
  const roots: Root[] = [];
  for (const path of [...new Set(paths)].sort()) {
    let dir = path;
    while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
    const root = isDirectory(dir) && dir === path ? { dir, recursive: true } : { dir: isDirectory(dir) ? dir : dirname(dir), recursive: false };
    if (roots.some((known) => known.recursive && isInside(known.dir, root.dir))) continue;
    if (!roots.some((known) => known.dir === root.dir && known.recursive === root.recursive)) roots.push(root);
  }
  return roots;
}

export function watchFiles(paths: readonly string[], onBatch: (changed: string[]) => Promise<void>, options: FileWatchOptions = {}): FileWatch {
  const quietMs = options.quietMs ?? QUIET_PERIOD_MS;
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let closed = false;
  const flush = async (): Promise<void> => {
    timer = undefined;
    if (running || closed || pending.size === 0) return;
    running = true;
    const changed = [...pending].sort();
    pending.clear();
    try {
      await onBatch(changed);
    } finally {
      running = false;
      if (pending.size > 0 && !closed) schedule();
    }
  };
  const schedule = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => void flush(), quietMs);
  };
  const watchers = new Map<string, FSWatcher>();
  const add = ({ dir, recursive }: Root): void => {
    const key = `${recursive ? 'tree' : 'dir'}:${dir}`;
    if (watchers.has(key)) return;
    try {
      const watcher = watch(dir, { recursive }, (_event, name) => {
        if (closed) return;
        const changed = name === null ? dir : join(dir, name.toString());
        pending.add(changed);
        // A watched directory made after watching started (seen through its parent): watch its tree now.
        if (paths.includes(changed) && !recursive && isDirectory(changed)) add({ dir: changed, recursive: true });
        schedule();
      });
      watcher.on('error', (error) => options.onError?.(error));
      watchers.set(key, watcher);
    } catch (error) {
      options.onError?.(error instanceof Error ? error : new Error(String(error)));
    }
  };
  for (const root of watchRoots(paths)) add(root);
  return {
    close(): void {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
    },
  };
}
