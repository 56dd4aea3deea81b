import { Label } from '../model/labels.js';
import type { ObservedResource, ObservedState } from '../model/observed.js';
import type { Project, ServiceConfig } from '../model/project.js';
import { networkConfigHash, volumeConfigHash } from './resource-args.js';

/**
 * A project resource whose config-hash label no longer matches the model. As in compose, resources
 * of another project, and resources without the label (made by hand or by old tools), never diverge.
 */
function diverged(found: ObservedResource | undefined, project: Project, expected: string): boolean {
  if (found === undefined || found.labels[Label.project] !== project.name) return false;
  const hash = found.labels[Label.configHash];
  return hash !== undefined && hash !== '' && hash !== expected;
}

/** Keys of the networks the services use whose definition changed since they were created. */
export function divergedNetworks(project: Project, observed: ObservedState, services: readonly ServiceConfig[]): string[] {
  const keys = new Set(services.flatMap((service) => Object.keys(service.networks ?? {})));
  return [...keys].sort().filter((key) => {
    const network = project.networks[key];
    return network !== undefined && network.external !== true && diverged(observed.networks.get(network.name), project, networkConfigHash(project, key));
  });
}

/** Keys of the named volumes the services mount whose definition changed since they were created. */
export function divergedVolumes(project: Project, observed: ObservedState, services: readonly ServiceConfig[]): string[] {
  const keys = new Set(services.flatMap((service) => (service.volumes ?? []).flatMap((volume) => (volume.type === 'volume' && volume.source !== undefined ? [volume.source] : []))));
  return [...keys].sort().filter((key) => {
    const volume = project.volumes[key];
    return volume !== undefined && volume.external !== true && diverged(observed.volumes.get(volume.name), project, volumeConfigHash(project, key));
  });
}
