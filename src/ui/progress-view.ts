import type { Step } from '../model/plan.js';

/** A resource as progress names it: `Container p-web-1`, `Network p_default`. */
export function resourceLabel(resource: Step['resource']): string {
  return `${resource.type} ${resource.name}`;
}

/**
 * The steps of a recreate that docker compose shows as one `Recreate` ... `Recreated`: for every
 * `container.rename`, the steps of the same resource it waits for (create under the temporary name,
 * network connects, file copies, stop and removal of the old container). A start or another rename
 * it waits for is not one of them (a repair recreate waits for the start it repairs): its words show.
 */
function recreateMembers(steps: readonly Step[]): Set<string> {
  const byId = new Map(steps.map((step) => [step.id, step]));
  const members = new Set<string>();
  for (const rename of steps.filter((step) => step.kind === 'container.rename')) {
    const pending = [...rename.dependsOn];
    while (pending.length > 0) {
      const step = byId.get(pending.pop() as string);
      if (step === undefined || members.has(step.id) || step.kind === 'container.start' || step.kind === 'container.rename' || resourceLabel(step.resource) !== resourceLabel(rename.resource)) continue;
      members.add(step.id);
      pending.push(...step.dependsOn);
    }
  }
  return members;
}

/**
 * What a person sees of the plan's events, as docker compose shows them: one status per resource,
 * a recreate as `Recreate` then `Recreated` (no `Removed` of the old container before it), and a
 * status repeated by several steps of one resource (`Skipped`, `Up to date`) shown once.
 * Returns the word to show for a step's event, or undefined when the event shows nothing new.
 */
export function createProgressView(steps: readonly Step[]): (step: Step, word: string) => string | undefined {
  const members = recreateMembers(steps);
  const shown = new Map<string, string>();
  return (step, word) => {
    let visible: string | undefined = word;
    if (members.has(step.id)) {
      if (word === step.done) visible = undefined;
      else if (word === step.doing) visible = 'Recreate';
    } else if (step.kind === 'container.rename' && word === step.doing) {
      visible = 'Recreate';
    }
    const key = resourceLabel(step.resource);
    if (visible === undefined || shown.get(key) === visible) return undefined;
    shown.set(key, visible);
    return visible;
  };
}

/** The plan's resources in the order they first appear, each with its steps. */
export function stepsByResource(steps: readonly Step[]): Array<{ label: string; steps: Step[] }> {
  const groups = new Map<string, Step[]>();
  for (const step of steps) {
    const key = resourceLabel(step.resource);
    groups.set(key, [...(groups.get(key) ?? []), step]);
  }
  return [...groups.entries()].map(([label, members]) => ({ label, steps: members }));
}
