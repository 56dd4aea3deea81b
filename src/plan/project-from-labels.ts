import type { ObservedState } from '../model/observed.js';
import type { Project } from '../model/project.js';
import { Label } from '../model/labels.js';

/**
 * A project rebuilt from what the engine holds (container, network and volume labels), for commands
 * run with only `-p NAME` and no compose file, as compose's projectFromName does.
 */
export function projectFromLabels(projectName: string, observed: ObservedState): Project {
  const project: Project = {
    name: projectName, workingDir: '', configFiles: [], envFiles: [],
    services: {}, disabledServices: {}, networks: {}, volumes: {}, secrets: {}, configs: {},
  };
  for (const container of observed.containers) {
    if (container.oneoff || Object.hasOwn(project.services, container.service)) continue;
    project.services[container.service] = { name: container.service, image: container.image };
  }
  for (const network of observed.networks.values()) {
    const key = network.labels[Label.network];
    if (network.labels[Label.project] === projectName && key !== undefined) project.networks[key] = { name: network.name };
  }
  for (const volume of observed.volumes.values()) {
    const key = volume.labels[Label.volume];
    if (volume.labels[Label.project] === projectName && key !== undefined) project.volumes[key] = { name: volume.name };
  }
  return project;
}
