import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { berth } from '../helpers/berth.js';
import { docker, projectResources, purgeProject } from '../helpers/docker.js';
import { mutatingCalls, recordingDocker, stackDir } from '../helpers/converge.js';
import { faultyDocker } from '../helpers/faults.js';

// SIGINT or SIGTERM at many points of an `up` that recreates a container (changed environment, a
// named and an anonymous volume holding data): the run exits 130 naming what it did not do, and a
// plain `up -d` then reaches exactly the desired names, networks and data.
const project = 'berth-f-signals';
const dir = stackDir(`services:
  app:
    image: berth-test/busybox:latest
    command: sleep 3600
    init: true
    environment:
      GENERATION: "\${GENERATION}"
    volumes: [data:/named, /anon]
  web:
    image: berth-test/busybox:latest
    command: sleep 3600
    init: true
    depends_on: [app]
volumes:
  data: {}
`);
const run = (args: string[], generation: number, env: Record<string, string> = {}) => berth(['-p', project, ...args], { cwd: dir, env: { GENERATION: String(generation), ...env } });

/** The docker commands of a recreate, numbered in the order berth runs them for `app`. */
const RECREATE = ['inspect', 'create', 'stop', 'rm', 'rename', 'start'] as const;
const WHEN = ['before', 'during', 'after'] as const;
/**
 * Every command of the recreate, before, during and after it, SIGINT and SIGTERM in turn (18 points);
 * then a second signal during the create and the start, which makes berth kill the docker command.
 */
const points = [
  ...RECREATE.flatMap((command, index) => WHEN.map((when) => ({ at: index + 1, command, when, twice: false })))
    .map((point, index) => ({ ...point, signal: index % 2 === 0 ? 'INT' : 'TERM' })),
  { at: 2, command: 'create', when: 'during', twice: true, signal: 'INT' },
  { at: 6, command: 'start', when: 'during', twice: true, signal: 'TERM' },
] as const;

interface ContainerState {
  readonly name: string;
  readonly id: string;
  readonly running: boolean;
  readonly env: string[];
  readonly mounts: Record<string, string>;
}

async function containers(): Promise<ContainerState[]> {
  const ids = (await docker(['ps', '-aq', '--no-trunc', '--filter', `label=com.docker.compose.project=${project}`])).split('\n').filter(Boolean);
  const format = '{"name":{{json .Name}},"id":{{json .Id}},"running":{{json .State.Running}},"env":{{json .Config.Env}},"mounts":{ {{- range $i, $m := .Mounts}}{{if $i}},{{end}}{{json $m.Destination}}:{{json (or $m.Name $m.Source)}}{{end -}} }}';
  const lines = (await docker(['inspect', '--type', 'container', '--format', format, ...ids])).split('\n').filter(Boolean);
  return lines.map((line) => JSON.parse(line) as ContainerState).map((state) => ({ ...state, name: state.name.replace(/^\//, '') })).sort((a, b) => a.name.localeCompare(b.name));
}

let initial: ContainerState[] = [];

before(async () => {
  await purgeProject(project);
  assert.equal((await run(['up', '-d'], 0)).exitCode, 0);
  await docker(['exec', `${project}-app-1`, 'sh', '-c', 'echo named > /named/f; echo anonymous > /anon/f']);
  initial = await containers();
});
after(() => purgeProject(project));

test(`an up interrupted at ${points.length} points of a recreate is repaired each time by a plain up -d; one more up -d changes nothing`, { timeout: 900_000 }, async (t) => {
  const faulty = faultyDocker(RECREATE);
  const [app, web] = initial;
  assert.ok(app !== undefined && web !== undefined);
  for (const [index, point] of points.entries()) {
    const generation = index + 1;
    const started = Date.now();
    const label = `SIG${point.signal}${point.twice ? ' twice' : ''} ${point.when} docker ${point.command}`;
    // The signal reaches berth alone, as a `kill` would.
    const kill = `kill -${point.signal} $BERTH_PID`;
    const interrupted = await run(['up', '-d', '--progress', 'plain'], generation, faulty.env(point.at, point.when, point.twice ? `${kill}; sleep 0.3; ${kill}` : kill));
    assert.equal(interrupted.exitCode, 130, `${label}: ${interrupted.stderr}`);
    assert.match(interrupted.stderr, /interrupted: (\d+ steps? not done:\n {2}Container|every step had finished)/, `${label}: ${interrupted.stderr}`);
    assert.doesNotMatch(interrupted.stderr, /internal error|--help|Usage:|\n\s+at /, `${label}: ${interrupted.stderr}`);

    const repaired = await run(['up', '-d', '--progress', 'plain'], generation);
    assert.equal(repaired.exitCode, 0, `${label}: ${repaired.stderr}`);
    // What it did is reported to the end: the service left half-recreated shows it started (or was already running).
    assert.match(repaired.stderr, new RegExp(`Container ${project}-app-1  (Started|Running)$`, 'm'), `${label}: ${repaired.stderr}`);
    const [resources, now, data] = await Promise.all([
      projectResources(project),
      containers(),
      docker(['exec', `${project}-app-1`, 'cat', '/named/f', '/anon/f']),
    ]);
    assert.deepEqual(resources.networks, [`${project}_default`], label);
    assert.deepEqual(resources.volumes, [`${project}_data`], label);
    assert.deepEqual(now.map((container) => [container.name, container.running]), [[`${project}-app-1`, true], [`${project}-web-1`, true]], label);
    assert.ok(now[0]?.env.includes(`GENERATION=${generation}`), `${label}: app runs the new configuration`);
    assert.deepEqual(now[0]?.mounts, app.mounts, `${label}: the same named and anonymous volumes are mounted`);
    assert.equal(now[1]?.id, web.id, `${label}: web, unchanged, is left alone`);
    assert.equal(data, 'named\nanonymous', label);
    t.diagnostic(`${label}: ${Date.now() - started} ms`);
  }

  const recorder = recordingDocker();
  const again = await run(['up', '-d'], points.length, { DOCKER_BIN: recorder.bin });
  assert.equal(again.exitCode, 0, again.stderr);
  assert.deepEqual(mutatingCalls(recorder.calls()), []);
});
