import type { ArgPart } from '../../model/plan.js';
import type { Project } from '../../model/project.js';
import { BERTH_VERSION, Label } from '../../model/labels.js';
import { serviceConfigHash } from '../hash.js';
import { serviceImage } from '../names.js';
import { sortedEntries, type FlagContext } from './context.js';

/** A label as its key and its `key=value` argument. */
type LabelText = readonly [key: string, text: string];

function labelText(key: string, value: string): LabelText {
  return [key, `${key}=${value}`];
}

/** The project's labels, the same on every container: made once per project. */
interface ProjectLabels {
  readonly project: LabelText;
  readonly configFiles: LabelText;
  readonly environmentFile: LabelText | undefined;
  readonly workingDir: LabelText;
  readonly version: LabelText;
}

const projectLabelCache = new WeakMap<Project, ProjectLabels>();

function projectLabels(project: Project): ProjectLabels {
  let labels = projectLabelCache.get(project);
  if (labels === undefined) {
    labels = {
      project: labelText(Label.project, project.name),
      configFiles: labelText(Label.configFiles, project.configFiles.join(',')),
      environmentFile: project.envFiles.length > 0 ? labelText(Label.environmentFile, project.envFiles.join(',')) : undefined,
      workingDir: labelText(Label.workingDir, project.workingDir),
      version: labelText(Label.version, BERTH_VERSION),
    };
    projectLabelCache.set(project, labels);
  }
  return labels;
}

/**
 * The compose labels (one set, as docker compose v2 writes them) plus the service's own labels, sorted
 * by key. Compose's are listed in key order (test/unit/label-flags.test.ts holds them to it); the
 * service's own are merged in, but never one that takes a compose label's name (compose's win; a
 * one-off has no number, yet no service label takes that name either).
 */
export function labelFlags({ project, service, identity }: FlagContext): ArgPart[] {
  const shared = projectLabels(project);
  const oneOff = identity.oneOff;
  const compose: LabelText[] = [labelText(Label.configHash, serviceConfigHash(service))];
  if (oneOff === undefined) compose.push(labelText(Label.containerNumber, String(identity.number)));
  compose.push(
    labelText(Label.dependsOn, sortedEntries(service.depends_on ?? {}).map(([name, dependency]) => `${name}:${dependency.condition}:${dependency.restart === true}`).join(',')),
    labelText(Label.oneoff, oneOff === undefined ? 'False' : 'True'),
    shared.project,
    shared.configFiles,
  );
  if (shared.environmentFile !== undefined) compose.push(shared.environmentFile);
  compose.push(shared.workingDir, labelText(Label.service, service.name));
  if (oneOff !== undefined) compose.push(labelText(Label.slug, oneOff.slug));
  compose.push(shared.version);
  const own = service.labels === undefined ? [] : ownLabels(service.labels, compose);
  const flags: ArgPart[] = [];
  let next = 0;
  for (const label of compose) {
    while (next < own.length && (own[next] as LabelText)[0] < label[0]) flags.push('--label', (own[next++] as LabelText)[1]);
    flags.push('--label', label[1]);
  }
  while (next < own.length) flags.push('--label', (own[next++] as LabelText)[1]);
  flags.push('--label', { prefix: `${Label.image}=`, imageIdOf: serviceImage(project, service) });
  return flags;
}

/** The service's labels, sorted, without those compose sets on this container (nor the replica number). */
function ownLabels(labels: Readonly<Record<string, string>>, compose: readonly LabelText[]): LabelText[] {
  const reserved = new Set([...compose.map(([key]) => key), Label.containerNumber]);
  return sortedEntries(labels).flatMap(([key, value]) => (reserved.has(key) ? [] : [labelText(key, value)]));
}

