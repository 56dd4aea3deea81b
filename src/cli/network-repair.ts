import { networkAttachments } from '../engine/observe.js';
import type { ObservedState } from '../model/observed.js';
import type { Plan } from '../model/plan.js';
import type { Project } from '../model/project.js';
import { duplicatedNetworks, planNetworkRepair } from '../plan/network-repair.js';

/**
 * The steps that leave one network under each of the project's network names, and the state `up`
 * then plans from. Costs nothing (no docker call) unless a name is duplicated.
 */
export async function networkRepair(project: Project, observed: ObservedState): Promise<{ plan: Plan; after: ObservedState }> {
  if (duplicatedNetworks(project, observed).length === 0) return { plan: { steps: [], warnings: [] }, after: observed };
  const attachments = await networkAttachments(observed.containers.map((container) => container.id));
  return planNetworkRepair(project, observed, attachments);
}
