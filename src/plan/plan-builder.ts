import type { Plan, Step } from '../model/plan.js';
import type { EngineFacts } from './flags/context.js';

/** Collects steps in the order they are planned (which is a valid execution order). */
export class PlanBuilder {
  private readonly steps: Step[] = [];
  private readonly ids = new Set<string>();
  private barrier: readonly string[] = [];
  readonly warnings: string[] = [];

  /** `engine`: what the engine can do, for translating keys that need a recent API. */
  constructor(readonly engine: EngineFacts = {}) {}

  /** Adds a warning unless it is already there (one per key, however many replicas). */
  warnOnce(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  add(step: Step): string {
    if (this.ids.has(step.id)) return step.id;
    this.ids.add(step.id);
    const barrier = this.barrier.filter((id) => !step.dependsOn.includes(id));
    this.steps.push(barrier.length === 0 ? step : { ...step, dependsOn: [...barrier, ...step.dependsOn] });
    return step.id;
  }

  /** Every step added from now on also waits for these (images before any change, as compose builds and pulls first). */
  waitForAll(ids: readonly string[]): void {
    this.barrier = [...ids];
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  build(): Plan {
    return { steps: [...this.steps], warnings: [...this.warnings] };
  }
}
