import type { Plan, Step } from '../model/plan.js';
import type { EngineFacts } from './flags/context.js';

/** Collects steps in the order they are planned (which is a valid execution order). */
export class PlanBuilder {
  private readonly steps: Step[] = [];
  private readonly ids = new Set<string>();
  private barrier: readonly string[] = [];
  /** Steps that already wait, directly or through another step, for every step of the barrier. */
  private behindBarrier = new Set<string>();
  readonly warnings: string[] = [];

  /** `engine`: what the engine can do, for translating keys that need a recent API. */
  constructor(readonly engine: EngineFacts = {}) {}

  /** Adds a warning unless it is already there (one per key, however many replicas). */
  warnOnce(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  /**
   * Adds a step; after waitForAll, it also waits for the barrier, unless one of the steps it waits
   * for already does (so a plan stays linear in size: 10,000 pulls and 10,000 containers make 10,000
   * barrier links, not 10,000 x 10,000).
   */
  add(step: Step): string {
    if (this.ids.has(step.id)) return step.id;
    this.ids.add(step.id);
    if (this.barrier.length === 0) {
      this.steps.push(step);
      return step.id;
    }
    this.behindBarrier.add(step.id);
    if (step.dependsOn.some((id) => this.behindBarrier.has(id))) {
      this.steps.push(step);
      return step.id;
    }
    const own = new Set(step.dependsOn);
    const barrier = this.barrier.filter((id) => !own.has(id));
    this.steps.push(barrier.length === 0 ? step : { ...step, dependsOn: [...barrier, ...step.dependsOn] });
    return step.id;
  }

  /** Every step added from now on also waits for these (images before any change, as compose builds and pulls first). */
  waitForAll(ids: readonly string[]): void {
    this.barrier = [...ids];
    this.behindBarrier = new Set();
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  build(): Plan {
    return { steps: [...this.steps], warnings: [...this.warnings] };
  }
}
