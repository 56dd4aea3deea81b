import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DockerCommandError } from '../../src/model/errors.js';
import type { Plan, Step } from '../../src/model/plan.js';
import type { StepRunner } from '../../src/engine/executor.js';
import { Interrupted, raiseOutcome, schedulePlan, type ScheduleOptions, type StepEvent } from '../../src/engine/scheduler.js';

const step = (id: string, dependsOn: string[] = [], extra: Partial<Step> = {}): Step =>
  ({ id, kind: 'container.start', resource: { type: 'Container', name: `p-${id}-1` }, cause: 'not running', argv: ['start', `p-${id}-1`], dependsOn, doing: 'Starting', done: 'Started', ...extra });
const plan = (...steps: Step[]): Plan => ({ steps, warnings: [] });

/** A fake runner: each step's behaviour by id (default: succeeds at once); records what it started. */
class FakeRunner implements StepRunner {
  readonly started: string[] = [];
  active = 0;
  mostActive = 0;
  constructor(private readonly behaviour: Record<string, (signal: AbortSignal) => Promise<string | undefined>> = {}) {}
  async run(one: Step, signal: AbortSignal): Promise<string | undefined> {
    this.started.push(one.id);
    this.active++;
    this.mostActive = Math.max(this.mostActive, this.active);
    try {
      return await (this.behaviour[one.id]?.(signal) ?? Promise.resolve(undefined));
    } finally {
      this.active--;
    }
  }
  async holds(): Promise<boolean> {
    return true;
  }
}

const fail = (message: string) => async (): Promise<never> => {
  throw new DockerCommandError(['start', 'x'], 1, message);
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Resolves after `ms`, or rejects as a killed docker command when the signal aborts. */
const slow = (ms: number) => (signal: AbortSignal): Promise<undefined> => new Promise((resolve, reject) => {
  const timer = setTimeout(() => resolve(undefined), ms);
  signal.addEventListener('abort', () => {
    clearTimeout(timer);
    reject(new DockerCommandError(['start', 'x'], 137, 'killed'));
  }, { once: true });
});

async function run(steps: Plan, runner: StepRunner, options: Partial<ScheduleOptions> = {}) {
  const events: Array<[string, StepEvent['state']]> = [];
  const warnings: string[] = [];
  const outcome = await schedulePlan(steps, runner, {
    concurrency: Infinity,
    signal: new AbortController().signal,
    warn: (message) => warnings.push(message),
    onEvent: (one, event) => events.push([one.id, event.state]),
    ...options,
  });
  const final = (id: string): StepEvent['state'] | undefined => events.filter(([of]) => of === id).at(-1)?.[1];
  return { outcome, events, warnings, final };
}

test('a failed step: its dependants are not started, independent steps still run, the command fails with its error', async () => {
  const runner = new FakeRunner({ db: fail('port is already allocated') });
  const { outcome, final } = await run(plan(step('db'), step('web', ['db']), step('worker', ['web']), step('cache')), runner);
  assert.deepEqual(runner.started.sort(), ['cache', 'db']);
  assert.equal(final('db'), 'failed');
  assert.equal(final('web'), 'dependency-failed');
  assert.equal(final('worker'), 'dependency-failed');
  assert.equal(final('cache'), 'done');
  assert.equal(outcome.interrupted, false);
  assert.equal(outcome.failures.length, 1);
  const reported: string[] = [];
  assert.throws(() => raiseOutcome(outcome, (message) => reported.push(message)), /^UserError: Container p-db-1: port is already allocated$/);
  assert.deepEqual(reported, []);
});

test('every failure is reported, the first one ends the command', async () => {
  const runner = new FakeRunner({ a: fail('first'), b: async () => {
    await sleep(20);
    throw new DockerCommandError(['start', 'b'], 1, 'second');
  } });
  const { outcome } = await run(plan(step('a'), step('b')), runner);
  const reported: string[] = [];
  assert.throws(() => raiseOutcome(outcome, (message) => reported.push(message)), /first/);
  assert.equal(reported.length, 1);
  assert.match(reported[0] ?? '', /Container p-b-1: .*second/);
});

test('a best-effort step or an optional wait that fails warns, and the steps after it run', async () => {
  const runner = new FakeRunner({ net: fail('network has active endpoints'), wait: fail('unhealthy') });
  const wait = { container: 'p-db-1', condition: 'healthy' as const, service: 'db', required: false };
  const { outcome, final, warnings } = await run(plan(step('net', [], { bestEffort: true }), step('wait', [], { wait }), step('web', ['net', 'wait'])), runner);
  assert.equal(final('net'), 'tolerated');
  assert.equal(final('wait'), 'tolerated');
  assert.equal(final('web'), 'done');
  assert.deepEqual(outcome.failures, []);
  assert.equal(warnings.length, 2);
  assert.ok(warnings.some((warning) => warning.startsWith('optional dependency "db" is not running or is unhealthy')));
  assert.doesNotThrow(() => raiseOutcome(outcome, () => undefined));
});

test('a step whose condition does not hold is satisfied: its dependants run', async () => {
  const runner = new FakeRunner();
  runner.holds = async () => false;
  const { final } = await run(plan(step('old', [], { onlyIf: { imageIdOf: 'app', imageId: 'sha256:1', when: 'changed' } }), step('web', ['old'])), runner);
  assert.equal(final('old'), 'condition-false');
  assert.equal(final('web'), 'done');
  assert.deepEqual(runner.started, ['web']);
});

test('no more steps run at once than the concurrency limit, and every step runs', async () => {
  const steps = Array.from({ length: 9 }, (_, index) => step(`s${index}`));
  const runner = new FakeRunner(Object.fromEntries(steps.map((one) => [one.id, () => sleep(5).then(() => undefined)])));
  const { outcome } = await run(plan(...steps), runner, { concurrency: 3 });
  assert.equal(runner.mostActive, 3);
  assert.equal(runner.started.length, 9);
  assert.deepEqual(outcome.failures, []);
});

test('a step starts only after every step it waits for is done', async () => {
  const order: string[] = [];
  const runner = new FakeRunner({
    net: () => sleep(15).then(() => void order.push('net')),
    vol: () => sleep(5).then(() => void order.push('vol')),
    web: async () => void order.push('web'),
  });
  await run(plan(step('web', ['net', 'vol']), step('net'), step('vol')), runner);
  assert.deepEqual(order, ['vol', 'net', 'web']);
});

test('interrupted: nothing new starts, running steps finish, the steps not done are listed (exit 130)', async () => {
  const stop = new AbortController();
  const runner = new FakeRunner({ build: async () => {
    stop.abort();
    await sleep(10);
    return undefined;
  } });
  const { outcome, final } = await run(plan(step('build'), step('web', ['build']), step('worker', ['web'])), runner, { stop: stop.signal });
  assert.deepEqual(runner.started, ['build']);
  assert.equal(final('build'), 'done');
  assert.equal(final('web'), 'not-started');
  assert.equal(final('worker'), 'not-started');
  assert.equal(outcome.interrupted, true);
  assert.deepEqual(outcome.notDone.map((one) => one.id), ['web', 'worker']);
  assert.throws(() => raiseOutcome(outcome, () => undefined), (error: unknown) => {
    assert.ok(error instanceof Interrupted);
    assert.equal(error.exitCode, 130);
    assert.match(error.message, /^interrupted: 2 steps not done:\n {2}Container p-web-1: starting \(not running\)\n {2}Container p-worker-1: starting/);
    return true;
  });
});

test('interrupted: a step still running when the grace period ends is cut short, and what waits for it shows Not started', async () => {
  const stop = new AbortController();
  const kill = new AbortController();
  const runner = new FakeRunner({
    quick: async () => {
      stop.abort();
      setTimeout(() => kill.abort(), 30);
      return undefined;
    },
    long: slow(60_000),
  });
  const started = Date.now();
  const { outcome, final } = await run(plan(step('long'), step('quick'), step('web', ['long']), step('later', ['quick'])), runner, { stop: stop.signal, signal: kill.signal });
  assert.ok(Date.now() - started < 10_000, 'the run ends when the grace period does');
  assert.equal(final('long'), 'interrupted');
  assert.equal(final('quick'), 'done');
  assert.equal(final('web'), 'not-started');
  assert.equal(final('later'), 'not-started');
  assert.deepEqual(outcome.failures, []);
  assert.deepEqual(outcome.notDone.map((one) => one.id), ['long', 'web', 'later']);
});

test('interrupted: a wait ends at once (it changes nothing), without waiting for the grace period', async () => {
  const stop = new AbortController();
  const wait = { container: 'p-db-1', condition: 'healthy' as const, service: 'db', required: true };
  const runner = new FakeRunner({ wait: slow(60_000) });
  setTimeout(() => stop.abort(), 10);
  const { outcome, final } = await run(plan(step('wait', [], { wait }), step('web', ['wait'])), runner, { stop: stop.signal });
  assert.equal(final('wait'), 'interrupted');
  assert.equal(final('web'), 'not-started');
  assert.equal(outcome.interrupted, true);
});

test('a failure before the interruption is reported, and the run still ends as interrupted', async () => {
  const stop = new AbortController();
  const runner = new FakeRunner({ bad: fail('no such image'), other: async () => {
    await sleep(10);
    stop.abort();
    return undefined;
  } });
  const { outcome } = await run(plan(step('bad'), step('other'), step('after', ['other'])), runner, { stop: stop.signal });
  const reported: string[] = [];
  assert.throws(() => raiseOutcome(outcome, (message) => reported.push(message)), Interrupted);
  assert.equal(reported.length, 1);
  assert.match(reported[0] ?? '', /no such image/);
});

test('every step ends with exactly one final event', async () => {
  const runner = new FakeRunner({ b: fail('x') });
  const { events } = await run(plan(step('a'), step('b'), step('c', ['a', 'b']), step('d', ['c'])), runner);
  const finals = events.filter(([, state]) => state !== 'running').map(([id]) => id).sort();
  assert.deepEqual(finals, ['a', 'b', 'c', 'd']);
});

test('the interrupt guard: the first signal stops launching, the grace period then ends the running commands', async () => {
  const { guardInterrupts } = await import('../../src/cli/interrupt.js');
  const written: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((text: string) => written.push(text)) as typeof process.stderr.write;
  const guard = guardInterrupts(40);
  try {
    process.emit('SIGTERM', 'SIGTERM');
    assert.equal(guard.stop.aborted, true);
    assert.equal(guard.kill.aborted, false);
    const stop = guard.stop;
    const runner = new FakeRunner({ long: slow(60_000) });
    const started = Date.now();
    const { outcome, final } = await run(plan(step('long'), step('next', ['long'])), runner, { stop, signal: guard.kill });
    // Nothing started after the signal: the step already due when it came is not started either.
    assert.deepEqual(runner.started, []);
    assert.equal(final('long'), 'not-started');
    assert.equal(outcome.interrupted, true);
    assert.ok(Date.now() - started < 1000);
    await sleep(60);
    assert.equal(guard.kill.aborted, true);
  } finally {
    guard.dispose();
    process.stderr.write = write;
  }
  assert.match(written.join(''), /terminated: starting nothing new, waiting for the docker commands already running/);
});

test('the interrupt guard: a step running at the signal is killed when the grace period ends', async () => {
  const { guardInterrupts } = await import('../../src/cli/interrupt.js');
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = (() => true) as typeof process.stderr.write;
  const guard = guardInterrupts(50);
  try {
    const runner = new FakeRunner({ long: (signal) => {
      setTimeout(() => process.emit('SIGINT', 'SIGINT'), 5);
      return slow(60_000)(signal);
    } });
    const started = Date.now();
    const { outcome, final } = await run(plan(step('long'), step('next', ['long'])), runner, { stop: guard.stop, signal: guard.kill });
    const took = Date.now() - started;
    assert.ok(took >= 40 && took < 5000, `ended by the grace period (${took} ms)`);
    assert.equal(final('long'), 'interrupted');
    assert.equal(final('next'), 'not-started');
    assert.deepEqual(outcome.notDone.map((one) => one.id), ['long', 'next']);
  } finally {
    guard.dispose();
    process.stderr.write = write;
  }
});
