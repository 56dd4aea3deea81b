import type { Plan, Step } from '../model/plan.js';
import { FINAL_STATES, type StepEvent } from '../engine/scheduler.js';
import { createProgressView, resourceLabel, stepsByResource } from './progress-view.js';
import type { ProgressRenderer, ResourceOutcome } from './renderers/renderer.js';

/** Whether a step's skipped condition is a repair that was not needed (nothing to report then). */
function unneededRepair(step: Step): boolean {
  return step.onlyIf !== undefined && 'failedStep' in step.onlyIf;
}

/** The word docker compose shows for a step's event; undefined: the event shows nothing. */
export function stepWord(step: Step, event: StepEvent): string | undefined {
  switch (event.state) {
    case 'running':
      return step.doing;
    case 'done':
      return event.word ?? step.done;
    case 'condition-false':
      if (step.onlyIf === undefined || unneededRepair(step)) return undefined;
      return 'imageIdOf' in step.onlyIf && step.onlyIf.when === 'changed' ? 'Up to date (image unchanged)' : 'Skipped (replaced)';
    case 'tolerated':
      return step.wait !== undefined && !step.wait.required ? 'Skipped: optional dependency not ready' : step.failedWord ?? 'Resource is still in use';
    case 'failed':
      // The failure itself is the command's error.
      return undefined;
    case 'dependency-failed':
      return 'Skipped: a step it waits for failed';
    case 'not-started':
      return 'Not started: interrupted';
    case 'interrupted':
      return 'Interrupted';
  }
}

/** How a resource ended, from its steps' final events (in step order): the first failure, else skipped if any step was. */
function resourceOutcome(events: readonly StepEvent[]): ResourceOutcome {
  const failed = events.find((event) => event.state === 'failed');
  if (failed !== undefined && failed.state === 'failed') return { state: 'failed', error: failed.error };
  const skipped = events.some((event) => event.state === 'dependency-failed' || event.state === 'not-started' || event.state === 'interrupted');
  return { state: skipped ? 'skipped' : 'done' };
}

/**
 * The plan's progress on a renderer: one line per resource (those left `unchanged` first, as
 * `Running`), each showing its latest word as docker compose shows it (see progress-view.ts).
 * Returns the listener for the scheduler's step events.
 */
/** Hands the lines a step prints (a build's output) to the renderer, under the step's resource. */
export function showStepOutput(renderer: ProgressRenderer): (step: Step, line: string) => void {
  return (step, line) => renderer.output(resourceLabel(step.resource), line);
}

export function showPlanProgress(plan: Plan, unchanged: readonly Step['resource'][], renderer: ProgressRenderer): (step: Step, event: StepEvent) => void {
  const view = createProgressView(plan.steps);
  const groups = stepsByResource(plan.steps);
  const finals = new Map<Step, StepEvent>();
  renderer.begin({ unchanged: unchanged.map(resourceLabel), planned: groups.map((group) => group.label) });
  const groupOf = new Map(groups.flatMap((group) => group.steps.map((step) => [step, group] as const)));
  return (step, event) => {
    const word = stepWord(step, event);
    const visible = word === undefined ? undefined : view(step, word);
    const group = groupOf.get(step);
    if (group === undefined) return;
    if (visible !== undefined) renderer.update(group.label, visible);
    if (!FINAL_STATES.has(event.state)) return;
    finals.set(step, event);
    if (group.steps.every((member) => finals.has(member))) renderer.finish(group.label, resourceOutcome(group.steps.map((member) => finals.get(member) as StepEvent)));
  };
}
