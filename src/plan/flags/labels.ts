import type { ArgPart } from '../../model/plan.js';
import { BERTH_VERSION, Label } from '../../model/labels.js';
import { serviceConfigHash } from '../hash.js';
import { serviceImage } from '../names.js';
import { sortedEntries, type FlagContext } from './context.js';

/** The compose labels (one set, as docker compose v2 writes them) plus the service's own labels. */
export function labelFlags({ project, service, identity }: FlagContext): ArgPart[] {
  const labels: Record<string, string> = {
    ...service.labels,
    [Label.project]: project.name,
    [Label.service]: service.name,
    [Label.containerNumber]: String(identity.number),
    [Label.oneoff]: 'False',
    [Label.configHash]: serviceConfigHash(service),
    [Label.version]: BERTH_VERSION,
    [Label.workingDir]: project.workingDir,
    [Label.configFiles]: project.configFiles.join(','),
    [Label.dependsOn]: sortedEntries(service.depends_on ?? {})
      .map(([name, dependency]) => `${name}:${dependency.condition}:${dependency.restart === true}`)
      .join(','),
  };
  if (project.envFiles.length > 0) labels[Label.environmentFile] = project.envFiles.join(',');
  if (identity.oneOff !== undefined) {
    delete labels[Label.containerNumber];
    labels[Label.oneoff] = 'True';
    labels[Label.slug] = identity.oneOff.slug;
  }
  const flags: ArgPart[] = sortedEntries(labels).flatMap(([key, value]) => ['--label', `${key}=${value}`]);
  flags.push('--label', { prefix: `${Label.image}=`, imageIdOf: serviceImage(project, service) });
  return flags;
}
