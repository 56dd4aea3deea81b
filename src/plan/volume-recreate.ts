import { UserError } from '../model/errors.js';
import type { ObservedState } from '../model/observed.js';
import type { Project, ServiceConfig } from '../model/project.js';
import type { PlanBuilder } from './plan-builder.js';
import { volumeCreateFlags } from './resource-args.js';
import { planRemoveContainer } from './teardown.js';
import { volumeName } from './names.js';

/** Services mounting the named volume `key`, directly or through volumes_from. */
export function servicesUsingVolume(project: Project, key: string): Set<string> {
  const users = new Set(Object.values(project.services).filter((service) => (service.volumes ?? []).some((volume) => volume.type === 'volume' && volume.source === key)).map((service) => service.name));
  let grew = true;
  while (grew) {
    grew = false;
    for (const service of Object.values(project.services)) {
      if (users.has(service.name)) continue;
      const from = Array.isArray(service['volumes_from']) ? (service['volumes_from'] as unknown[]) : [];
      if (from.some((entry) => typeof entry === 'string' && users.has(entry.split(':')[0] ?? ''))) {
        users.add(service.name);
        grew = true;
      }
    }
  }
  return users;
}

/** The text compose asks before recreating a volume (and berth's warning when it is not recreated). */
export function volumeQuestion(project: Project, key: string): string {
  return `Volume "${volumeName(project, key)}" exists but doesn't match configuration in compose file. Recreate (data will be lost)?`;
}

/**
 * compose's recreation of a volume whose definition changed, once confirmed: stop and remove the
 * containers using it, remove the volume, create it anew; the containers are then created fresh (the
 * caller leaves them out of the observed state). All of them must be part of this `up`: a container
 * of a service left out would hold the volume, so that is refused before anything changes. Returns
 * the remove step per container id.
 */
export function planVolumeRecreation(project: Project, observed: ObservedState, keys: readonly string[], selected: readonly ServiceConfig[], timeout: number | undefined, builder: PlanBuilder): Map<string, string> {
  const removing = new Map<string, string>();
  const inUp = new Set(selected.map((service) => service.name));
  for (const key of keys) {
    const name = volumeName(project, key);
    const users = servicesUsingVolume(project, key);
    const outside = observed.containers.filter((container) => users.has(container.service) && (container.oneoff || !inUp.has(container.service)));
    if (outside.length > 0) {
      throw new UserError(`volume "${name}" must be recreated, but ${outside.map((container) => container.name).join(', ')} uses it and is not part of this up: run up for every service using it`);
    }
    const removed = observed.containers.filter((container) => users.has(container.service)).map((container) => {
      const id = planRemoveContainer(container, `volume ${name} is recreated`, [], timeout, builder);
      removing.set(container.id, id);
      return id;
    });
    const resource = { type: 'Volume' as const, name };
    const gone = builder.add({ id: `volume:${key}:remove`, kind: 'volume.remove', resource, cause: 'config changed', argv: ['volume', 'rm', name], dependsOn: removed, doing: 'Removing', done: 'Removed' });
    builder.add({ id: `volume:${key}`, kind: 'volume.create', resource, cause: 'config changed', argv: ['volume', 'create', ...volumeCreateFlags(project, key), name], dependsOn: [gone], doing: 'Creating', done: 'Created' });
  }
  return removing;
}
