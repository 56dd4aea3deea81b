import { UserError } from '../model/errors.js';
import type { CopyFile } from '../model/plan.js';
import type { Project, ServiceConfig } from '../model/project.js';
import { runtimeOf } from '../model/service-runtime.js';

const DEFAULT_MODE = 0o444;

function numericId(value: string | undefined, what: string, attribute: string): number {
  if (value === undefined || value === '') return 0;
  if (!/^\d+$/.test(value)) throw new UserError(`${what}: ${attribute} must be a number, got "${value}"`);
  return Number(value);
}

/**
 * The secrets and configs of a service that have no host file (`environment:`, or a config's
 * `content:`): compose writes them into the created container before start, and so does berth.
 * File-backed ones are bind mounts (flags/mounts.ts); external ones need a swarm.
 */
export function filesToCopy(project: Project, service: ServiceConfig): CopyFile[] {
  const files: CopyFile[] = [];
  const runtime = runtimeOf(service);
  for (const section of ['secrets', 'configs'] as const) {
    const kind = section === 'secrets' ? 'secret' : 'config';
    for (const reference of runtime[section] ?? []) {
      const object = project[section][reference.source];
      const what = `${kind} "${reference.source}"`;
      if (object === undefined) throw new UserError(`service "${service.name}" refers to undefined ${kind} ${reference.source}`);
      if (object.external === true) throw new UserError(`unsupported external ${kind} ${object.name}`);
      if (object.file !== undefined) continue;
      const source = object.content !== undefined ? { content: object.content } : object.environment !== undefined ? { environment: object.environment } : undefined;
      if (source === undefined) throw new UserError(`${what}: driver-backed ${section} need a swarm`);
      if (runtime.read_only === true) throw new UserError(`cannot create ${kind} "${reference.source}" in read-only service ${service.name}: \`file\` is the sole supported option`);
      files.push({
        path: reference.target,
        mode: reference.mode ?? DEFAULT_MODE,
        uid: numericId(reference.uid, what, 'uid'),
        gid: numericId(reference.gid, what, 'gid'),
        source,
        what,
      });
    }
  }
  return files;
}
