import { setMaxListeners } from 'node:events';
import { DockerCommandError, dockerErrorText, UserError } from '../model/errors.js';
import type { Plan, Step } from '../model/plan.js';
import type { StepRunner } from './executor.js';
import { createLimiter } from './limiter.js';

/**
 * What happened to a step, as the scheduler reports it (renderers word it, see ui/progress.ts):
 * - running: its docker command started; done: it finished (`word`: the runner's word for a repairable failure);
 * - condition-false: its execution-time condition (Step.onlyIf) did not hold, so it had nothing to do;
 * - tolerated: it failed, but it is optional (a `required: false` wait) or best-effort, so the plan goes on;
 * - failed: it failed, and the plan fails; dependency-failed: not started because a step it waits for failed;
 * - not-started: not started, or its dependency cut short, because the run was interrupted;
 * - interrupted: the interruption's grace period ended it while it ran.
 */
export type StepEvent =
  | { readonly state: 'running' }
  | { readonly state: 'done'; readonly word?: string }
  | { readonly state: 'condition-false' }
  | { readonly state: 'tolerated'; readonly error: Error }
  | { readonly state: 'failed'; readonly error: Error }
  | { readonly state: 'dependency-failed' }
  | { readonly state: 'not-started' }
  | { readonly state: 'interrupted' };

/** The events that end a step (every step gets exactly one). */
export const FINAL_STATES: ReadonlySet<StepEvent['state']> = new Set(['done', 'condition-false', 'tolerated', 'failed', 'dependency-failed', 'not-started', 'interrupted']);

export interface ScheduleOptions {
  /** Most steps running at once (--parallel); Infinity when unlimited. */
  readonly concurrency: number;
  /** Ends the docker commands still running (the interruption's grace period is over). */
  readonly signal: AbortSignal;
  /** Aborted on Ctrl-C or SIGTERM: no further step starts, waits end at once. */
  readonly stop?: AbortSignal;
  /** Where the reasons of tolerated failures go (an optional dependency not ready, a best-effort step). */
  readonly warn: (message: string) => void;
  /** Every event of every step, in the order they happen. */
  readonly onEvent?: (step: Step, event: StepEvent) => void;
  /** The lines a build step prints while it runs (absent: not shown, e.g. --quiet-build). */
  readonly onOutput?: (step: Step, line: string) => void;
}

/** How a run ended: the real failures (in the order they happened), and whether it was interrupted. */
export interface ScheduleOutcome {
  readonly failures: readonly Error[];
  readonly interrupted: boolean;
  /** Interrupted: the steps not done, in plan order. */
  readonly notDone: readonly Step[];
}

/** The run was interrupted (Ctrl-C, SIGTERM): what was not done, exit 130 as docker compose. */
export class Interrupted extends UserError {
  constructor(readonly notDone: readonly Step[]) {
    const lines = notDone.map((step) => `  ${step.resource.type} ${step.resource.name}: ${step.doing.toLowerCase()} (${step.cause.split('\n')[0]})`);
    super(notDone.length === 0 ? 'interrupted: every step had finished' : `interrupted: ${notDone.length} step${notDone.length === 1 ? '' : 's'} not done:\n${lines.join('\n')}`, { exitCode: 130 });
    this.name = 'Interrupted';
  }
}

/** Not started: a step it waits for failed. */
class DependencyFailed extends Error {}
/** Not started, or its dependency cut short: the run was interrupted. */
class NotStarted extends Error {}

/**
 * Runs the plan's steps as a DAG, at most `concurrency` at once: every step starts as soon as the
 * steps it waits for are done, so a slow build holds up only what needs it. A failed step's dependants
 * are not started, independent steps still run. Once `stop` aborts nothing new starts; running steps
 * end on their own or when `signal` aborts. Never throws for a step: see ScheduleOutcome.
 */
export async function schedulePlan(plan: Plan, runner: StepRunner, options: ScheduleOptions): Promise<ScheduleOutcome> {
  // Every docker process of the plan listens to the one signal: dozens at once are expected, not a leak.
  setMaxListeners(0, options.signal);
  const emit = options.onEvent ?? (() => undefined);
  const limit = createLimiter(options.concurrency);
  const stopped = (): boolean => options.stop?.aborted === true;
  const finished = new Map<string, Promise<void>>();
  const settle = new Map<string, { resolve: () => void; reject: (error: unknown) => void }>();
  for (const step of plan.steps) {
    const promise = new Promise<void>((resolve, reject) => settle.set(step.id, { resolve, reject }));
    promise.catch(() => undefined);
    finished.set(step.id, promise);
  }
  const failures: Error[] = [];
  const notDone = new Set<Step>();

  const execute = async (step: Step): Promise<StepEvent> => {
    await Promise.all(step.dependsOn.map((id) => finished.get(id))).catch(() => {
      throw new DependencyFailed();
    });
    if (stopped()) throw new NotStarted();
    if (step.onlyIf !== undefined && !(await runner.holds(step.onlyIf))) return { state: 'condition-false' };
    const word = await limit(async () => {
      if (stopped()) throw new NotStarted();
      emit(step, { state: 'running' });
      // A wait is not a docker change: an interruption ends it at once.
      const signal = step.wait !== undefined && options.stop !== undefined ? AbortSignal.any([options.signal, options.stop]) : options.signal;
      const onOutput = options.onOutput;
      return runner.run(step, signal, onOutput === undefined ? undefined : (line) => onOutput(step, line));
    });
    return word === undefined ? { state: 'done' } : { state: 'done', word };
  };

  /** The event a step that threw ends with, and whether the steps waiting for it may go on. */
  const judge = (step: Step, error: unknown): { event: StepEvent; goOn: boolean } => {
    if (stopped()) {
      notDone.add(step);
      return { event: { state: error instanceof NotStarted || error instanceof DependencyFailed ? 'not-started' : 'interrupted' }, goOn: false };
    }
    if (error instanceof DependencyFailed) return { event: { state: 'dependency-failed' }, goOn: false };
    const message = asError(error).message;
    const tolerated = step.wait !== undefined && !step.wait.required
      ? `optional dependency "${step.wait.service}" is not running or is unhealthy: ${message}`
      : step.bestEffort === true ? `${step.resource.type} ${step.resource.name}: ${message}` : undefined;
    if (tolerated !== undefined) {
      options.warn(tolerated);
      return { event: { state: 'tolerated', error: asError(error) }, goOn: true };
    }
    const failure = error instanceof DockerCommandError ? new UserError(`${step.resource.type} ${step.resource.name}: ${failureText(step, error)}`) : asError(error);
    failures.push(failure);
    return { event: { state: 'failed', error: failure }, goOn: step.failureDoesNotBlock === true };
  };

  await Promise.all(plan.steps.map(async (step) => {
    const done = settle.get(step.id);
    let event: StepEvent;
    let goOn: boolean;
    try {
      event = await execute(step);
      goOn = true;
    } catch (error) {
      ({ event, goOn } = judge(step, error));
    }
    emit(step, event);
    if (goOn) done?.resolve();
    else done?.reject(event);
  }));
  return { failures, interrupted: stopped(), notDone: plan.steps.filter((step) => notDone.has(step)) };
}

/** docker's error, or for a step named by Step.failsAs (a hook), that name, docker's exit status and its last output line. */
function failureText(step: Step, error: DockerCommandError): string {
  if (step.failsAs === undefined) return error.message;
  const output = dockerErrorText(error.stderr);
  return `${step.failsAs} exited with status ${error.dockerExitCode}${output === '' ? '' : `: ${output}`}`;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Ends the command as the outcome says: an interruption throws Interrupted (after reporting its real
 * failures); else every failure is reported and the first one thrown.
 */
export function raiseOutcome(outcome: ScheduleOutcome, report: (message: string) => void): void {
  if (outcome.interrupted) {
    for (const failure of outcome.failures) report(failure.message);
    throw new Interrupted(outcome.notDone);
  }
  for (const failure of outcome.failures.slice(1)) report(failure.message);
  if (outcome.failures[0] !== undefined) throw outcome.failures[0];
}
