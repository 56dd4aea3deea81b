import { Listr, ListrLogger, ProcessOutput, type ListrTask } from 'listr2';
import type { Plan, Step } from '../model/plan.js';
import type { StepRunner } from '../engine/executor.js';
import { createLimiter } from './limiter.js';

export type ProgressMode = 'tty' | 'plain' | 'quiet';

export interface ExecuteOptions {
  readonly mode: ProgressMode;
  /** Most docker commands running at once (--parallel); Infinity when unlimited. */
  readonly concurrency: number;
  readonly signal: AbortSignal;
  /** Where warnings of best-effort steps go. */
  readonly warn: (message: string) => void;
}

/** A step skipped because a step it waits for failed. */
class DependencyFailed extends Error {}

function label(step: Step, word: string): string {
  return `${step.resource.type} ${step.resource.name}  ${word}`;
}

/**
 * Runs the plan as one concurrent listr2 task list: every step starts as soon as the steps it waits
 * for are done (a slow build holds up only what needs it). Throws the first real failure.
 */
export async function executePlan(plan: Plan, runner: StepRunner, options: ExecuteOptions): Promise<void> {
  if (plan.steps.length === 0) return;
  const limit = createLimiter(options.concurrency);
  const finished = new Map<string, Promise<void>>();
  const settle = new Map<string, { resolve: () => void; reject: (error: unknown) => void }>();
  for (const step of plan.steps) {
    finished.set(step.id, new Promise<void>((resolve, reject) => settle.set(step.id, { resolve, reject })));
    finished.get(step.id)?.catch(() => undefined);
  }
  const failures: unknown[] = [];
  // Plain mode: one line per event on stderr, as docker compose --progress plain prints them.
  const announce = (title: string): void => {
    if (options.mode === 'plain') process.stderr.write(` ${title}\n`);
  };
  const tasks: ListrTask[] = plan.steps.map((step) => ({
    title: label(step, 'Waiting'),
    task: async (_context, task): Promise<void> => {
      const done = settle.get(step.id);
      const show = (title: string): void => {
        task.title = title;
        announce(title);
      };
      try {
        await Promise.all(step.dependsOn.map((id) => finished.get(id))).catch(() => {
          throw new DependencyFailed();
        });
        await limit(async () => {
          show(label(step, step.doing));
          await runner.run(step, options.signal);
        });
        show(label(step, step.done));
        done?.resolve();
      } catch (error) {
        done?.reject(error);
        if (error instanceof DependencyFailed) {
          show(label(step, 'Skipped: a step it waits for failed'));
          task.skip(task.title);
          return;
        }
        if (step.bestEffort === true) {
          options.warn(`${step.resource.type} ${step.resource.name}: ${(error as Error).message}`);
          show(label(step, 'Resource is still in use'));
          return;
        }
        failures.push(error);
        throw error;
      }
    },
  }));
  const logger = new ListrLogger({ processOutput: new ProcessOutput(process.stderr, process.stderr) });
  const list = new Listr(tasks, {
    concurrent: true,
    exitOnError: false,
    registerSignalListeners: false,
    renderer: options.mode === 'tty' ? 'default' : 'silent',
    fallbackRenderer: 'silent',
    fallbackRendererCondition: false,
    rendererOptions: { logger },
  });
  await list.run();
  if (failures.length > 0) throw failures[0];
}
