import type { ArgPart } from '../../model/plan.js';
import { BERTH_VERSION, Label } from '../../model/labels.js';
import { serviceConfigHash } from '../hash.js';
import { serviceImage } from '../names.js';
import { sortedEntries, type FlagContext } from './context.js';

/** The compose labels (one set, as docker compose v2 writes them) plus the service's own labels, sorted by key. */
export function labelFlags({ project, service, identity }: FlagContext): ArgPart[] {
  const compose: Array<[string, string]> = [
    [Label.project, project.name],
    [Label.service, service.name],
    [Label.oneoff, identity.oneOff === undefined ? 'False' : 'True'],
    [Label.configHash, serviceConfigHash(service)],
    [Label.version, BERTH_VERSION],
    [Label.workingDir, project.workingDir],
    [Label.configFiles, project.configFiles.join(',')],
    [Label.dependsOn, sortedEntries(service.depends_on ?? {}).map(([name, dependency]) => `${name}:${dependency.condition}:${dependency.restart === true}`).join(',')],
  ];
  if (identity.oneOff === undefined) compose.push([Label.containerNumber, String(identity.number)]);
  else compose.push([Label.slug, identity.oneOff.slug]);
  if (project.envFiles.length > 0) compose.push([Label.environmentFile, project.envFiles.join(',')]);
  // The service's own labels, but never one of compose's (compose's win; a one-off has no number).
  const reserved = new Set([...compose.map(([name]) => name), Label.containerNumber]);
  const own = service.labels === undefined ? [] : Object.entries(service.labels).filter(([key]) => !reserved.has(key));
  const flags: ArgPart[] = [];
  for (const [key, value] of [...compose, ...own].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) flags.push('--label', `${key}=${value}`);
  flags.push('--label', { prefix: `${Label.image}=`, imageIdOf: serviceImage(project, service) });
  return flags;
}
