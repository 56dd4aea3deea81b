import { setMaxListeners } from 'node:events';
import { DockerCommandError, UserError } from '../model/errors.js';
import type { Plan, Step } from '../model/plan.js';
import type { StepRunner } from '../engine/executor.js';
import { createLimiter } from './limiter.js';

export type ProgressMode = 'tty' | 'plain' | 'json' | 'quiet';

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
 * Runs the plan concurrently (at most `concurrency` docker commands at once): every step starts as
 * soon as the steps it waits for are done, so a slow build holds up only what needs it. Progress is a
 * listr2 task list on a terminal, one line per event in plain mode. Throws the first real failure.
 */
export async function executePlan(plan: Plan, runner: StepRunner, options: ExecuteOptions): Promise<void> {
  if (plan.steps.length === 0) return;
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
  // Off a terminal: one line per event on stderr, as docker compose --progress plain|json prints them.
  const announce = (step: Step, word: string): void => {
    if (options.mode === 'plain') process.stderr.write(` ${label(step, word)}\n`);
    if (options.mode === 'json') {
      process.stderr.write(`${JSON.stringify({ 'dry-run': false, id: `${step.resource.type} ${step.resource.name}`, status: word, text: word })}\n`);
    }
  };
  /** Runs one step once the steps it waits for are done; `show` reports its progress. */
  const runStep = async (step: Step, show: (word: string) => void, skip: () => void): Promise<void> => {
    const done = settle.get(step.id);
    try {
      await Promise.all(step.dependsOn.map((id) => finished.get(id))).catch(() => {
        throw new DependencyFailed();
      });
      if (step.onlyIf !== undefined && !(await runner.holds(step.onlyIf))) {
        show(step.onlyIf.when === 'changed' ? 'Up to date (image unchanged)' : 'Skipped (replaced)');
        done?.resolve();
        return;
      }
      await limit(async () => {
        show(step.doing);
        await runner.run(step, options.signal);
      });
      show(step.done);
      done?.resolve();
    } catch (error) {
      if (error instanceof DependencyFailed) {
        done?.reject(error);
        show('Skipped: a step it waits for failed');
        skip();
        return;
      }
      if (step.wait !== undefined && !step.wait.required) {
        options.warn(`optional dependency "${step.wait.service}" is not running or is unhealthy: ${(error as Error).message}`);
        show('Skipped: optional dependency not ready');
        done?.resolve();
        return;
      }
      if (step.bestEffort === true) {
        options.warn(`${step.resource.type} ${step.resource.name}: ${(error as Error).message}`);
        show(step.failedWord ?? 'Resource is still in use');
        done?.resolve();
        return;
      }
      done?.reject(error);
      const failure = error instanceof DockerCommandError ? new UserError(`${step.resource.type} ${step.resource.name}: ${error.message}`) : error;
      failures.push(failure);
      throw failure;
    }
  };
  await runWithTaskList(plan.steps, runStep, options.mode === 'tty', announce);
  // Every failure is reported; the first one ends the command.
  for (const failure of failures.slice(1)) process.stderr.write(`${(failure as Error).message}\n`);
  if (failures.length > 0) throw failures[0];
}

/**
 * The steps as one concurrent listr2 task list: its live renderer on a terminal, else silent while
 * `announce` prints one line per event (listr2 is imported only when there is work to do).
 */
async function runWithTaskList(
  steps: readonly Step[],
  runStep: (step: Step, show: (word: string) => void, skip: () => void) => Promise<void>,
  live: boolean,
  announce: (step: Step, word: string) => void,
): Promise<void> {
  const { Listr, ListrLogger, ProcessOutput } = await import('listr2');
  const tasks = steps.map((step) => ({
    title: label(step, 'Waiting'),
    task: async (_context: unknown, task: { title: string; skip: (message?: string) => void }): Promise<void> => {
      await runStep(step, (word) => {
        task.title = label(step, word);
        announce(step, word);
      }, () => task.skip(task.title));
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
