import { setMaxListeners } from 'node:events';
import { DockerCommandError, UserError } from '../model/errors.js';
import type { Plan, Step } from '../model/plan.js';
import type { StepRunner } from '../engine/executor.js';
import { createLimiter } from './limiter.js';
import { createProgressView, resourceLabel, stepsByResource } from './progress-view.js';

export type ProgressMode = 'tty' | 'plain' | 'json' | 'quiet';

export interface ExecuteOptions {
  readonly mode: ProgressMode;
  /** Most docker commands running at once (--parallel); Infinity when unlimited. */
  readonly concurrency: number;
  readonly signal: AbortSignal;
  /** Aborted on Ctrl-C or SIGTERM: no further step starts; the plan then ends in an Interrupted error. */
  readonly stop?: AbortSignal;
  /** Where warnings of best-effort steps go. */
  readonly warn: (message: string) => void;
  /** Resources the plan leaves as they are, shown as docker compose shows them: `Container p-web-1  Running`. */
  readonly unchanged?: readonly Step['resource'][];
}

/** A step skipped because a step it waits for failed. */
class DependencyFailed extends Error {}

/** How a step ended without failing: done, or skipped because a step it waits for failed. */
type StepOutcome = 'done' | 'skipped';

/** A step not started, or cut short, because the run was interrupted. */
class NotStarted extends Error {}

/** The run was interrupted (Ctrl-C, SIGTERM): what was not done, exit 130 as docker compose. */
export class Interrupted extends UserError {
  constructor(readonly notDone: readonly Step[]) {
    const lines = notDone.map((step) => `  ${step.resource.type} ${step.resource.name}: ${step.doing.toLowerCase()} (${step.cause.split('\n')[0]})`);
    super(notDone.length === 0 ? 'interrupted: every step had finished' : `interrupted: ${notDone.length} step${notDone.length === 1 ? '' : 's'} not done:\n${lines.join('\n')}`, { exitCode: 130 });
    this.name = 'Interrupted';
  }
}

/** Whether a step's skipped condition is a repair that was not needed (nothing to report then). */
function unneededRepair(step: Step): boolean {
  return step.onlyIf !== undefined && 'failedStep' in step.onlyIf;
}

/**
 * Runs the plan concurrently (at most `concurrency` docker commands at once): every step starts as
 * soon as the steps it waits for are done, so a slow build holds up only what needs it. Progress is a
 * listr2 task list on a terminal (one line per resource), one line per event in plain mode, worded as
 * docker compose words them (see progress-view.ts). Throws the first real failure.
 */
export async function executePlan(plan: Plan, runner: StepRunner, options: ExecuteOptions): Promise<void> {
  const unchanged = options.unchanged ?? [];
  if (plan.steps.length === 0 && unchanged.length === 0) return;
  // Every docker process of the plan listens to the one signal: dozens at once are expected, not a leak.
  setMaxListeners(0, options.signal);
  const limit = createLimiter(options.concurrency);
  const finished = new Map<string, Promise<void>>();
  const settle = new Map<string, { resolve: () => void; reject: (error: unknown) => void }>();
  for (const step of plan.steps) {
    finished.set(step.id, new Promise<void>((resolve, reject) => settle.set(step.id, { resolve, reject })));
    finished.get(step.id)?.catch(() => undefined);
  }
  const failures: unknown[] = [];
  const notDone: Step[] = [];
  const stopped = (): boolean => options.stop?.aborted === true;
  // Off a terminal: one line per event on stderr, as docker compose --progress plain|json prints them.
  const announce = (resource: string, word: string): void => {
    if (options.mode === 'plain') process.stderr.write(` ${resource}  ${word}\n`);
    if (options.mode === 'json') process.stderr.write(`${JSON.stringify({ 'dry-run': false, id: resource, status: word, text: word })}\n`);
  };
  /** Runs one step once the steps it waits for are done; `show` reports its progress. */
  const runStep = async (step: Step, show: (word: string) => void): Promise<StepOutcome> => {
    const done = settle.get(step.id);
    try {
      await Promise.all(step.dependsOn.map((id) => finished.get(id))).catch(() => {
        throw new DependencyFailed();
      });
      if (stopped()) throw new NotStarted();
      if (step.onlyIf !== undefined && !(await runner.holds(step.onlyIf))) {
        if (!unneededRepair(step)) show('imageIdOf' in step.onlyIf && step.onlyIf.when === 'changed' ? 'Up to date (image unchanged)' : 'Skipped (replaced)');
        done?.resolve();
        return 'done';
      }
      const word = await limit(async () => {
        if (stopped()) throw new NotStarted();
        show(step.doing);
        // A wait is not a docker change: an interruption ends it at once.
        const signal = step.wait !== undefined && options.stop !== undefined ? AbortSignal.any([options.signal, options.stop]) : options.signal;
        return runner.run(step, signal);
      });
      show(word ?? step.done);
      done?.resolve();
      return 'done';
    } catch (error) {
      if (stopped()) {
        done?.reject(new NotStarted());
        notDone.push(step);
        show(error instanceof NotStarted || error instanceof DependencyFailed ? 'Not started: interrupted' : 'Interrupted');
        return 'skipped';
      }
      if (error instanceof DependencyFailed) {
        done?.reject(error);
        show('Skipped: a step it waits for failed');
        return 'skipped';
      }
      if (step.wait !== undefined && !step.wait.required) {
        options.warn(`optional dependency "${step.wait.service}" is not running or is unhealthy: ${(error as Error).message}`);
        show('Skipped: optional dependency not ready');
        done?.resolve();
        return 'done';
      }
      if (step.bestEffort === true) {
        options.warn(`${step.resource.type} ${step.resource.name}: ${(error as Error).message}`);
        show(step.failedWord ?? 'Resource is still in use');
        done?.resolve();
        return 'done';
      }
      done?.reject(error);
      const failure = error instanceof DockerCommandError ? new UserError(`${step.resource.type} ${step.resource.name}: ${error.message}`) : error;
      failures.push(failure);
      throw failure;
    }
  };
  const view = createProgressView(plan.steps);
  const resources: ResourceTask[] = [
    ...unchanged.map((resource) => ({ label: resourceLabel(resource), first: 'Running', run: async () => 'done' as const })),
    ...stepsByResource(plan.steps).map((group) => ({
      label: group.label,
      first: 'Waiting',
      run: async (title: (word: string) => void): Promise<StepOutcome> => {
        const outcomes = await Promise.allSettled(group.steps.map((step) => runStep(step, (word) => {
          const visible = view(step, word);
          if (visible !== undefined) title(visible);
        })));
        const failed = outcomes.find((outcome) => outcome.status === 'rejected');
        if (failed !== undefined) throw failed.reason;
        return outcomes.some((outcome) => outcome.status === 'fulfilled' && outcome.value === 'skipped') ? 'skipped' : 'done';
      },
    })),
  ];
  for (const resource of resources.slice(0, unchanged.length)) announce(resource.label, resource.first);
  await runWithTaskList(resources, options.mode === 'tty', announce);
  if (stopped()) {
    for (const failure of failures) process.stderr.write(`${(failure as Error).message}\n`);
    throw new Interrupted(plan.steps.filter((step) => notDone.includes(step)));
  }
  // Every failure is reported; the first one ends the command.
  for (const failure of failures.slice(1)) process.stderr.write(`${(failure as Error).message}\n`);
  if (failures.length > 0) throw failures[0];
}

/** One line of the live view: a resource, the word it starts with, and the work that changes its word. */
interface ResourceTask {
  readonly label: string;
  readonly first: string;
  readonly run: (title: (word: string) => void) => Promise<StepOutcome>;
}

/**
 * The resources as one concurrent listr2 task list: its live renderer on a terminal (one line per
 * resource, its latest word), else silent while `announce` prints one line per event
 * (listr2 is imported only when there is work to do).
 */
async function runWithTaskList(resources: readonly ResourceTask[], live: boolean, announce: (resource: string, word: string) => void): Promise<void> {
  const { Listr, ListrLogger, ProcessOutput } = await import('listr2');
  const tasks = resources.map((resource) => ({
    title: `${resource.label}  ${resource.first}`,
    task: async (_context: unknown, task: { title: string; skip: (message?: string) => void }): Promise<void> => {
      const outcome = await resource.run((word) => {
        task.title = `${resource.label}  ${word}`;
        announce(resource.label, word);
      });
      if (outcome === 'skipped') task.skip(task.title);
    },
  }));
  const logger = new ListrLogger({ processOutput: new ProcessOutput(process.stderr, process.stderr) });
  const list = new Listr(tasks, {
    concurrent: true,
    exitOnError: false,
    registerSignalListeners: false,
    renderer: live ? 'default' : 'silent',
    fallbackRendererCondition: false,
    rendererOptions: { logger },
  });
  await list.run();
}
