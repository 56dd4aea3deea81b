import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { berth } from '../helpers/berth.js';
import { stackDir } from '../helpers/converge.js';
import { faultyDocker, PrivateEngine } from '../helpers/faults.js';

// The engine killed (kill -9) at several points of an `up`, then restarted: a plain `up -d` reaches
// the full desired state. It runs on a private engine (scripts/private-engine.sh), never the one
// DOCKER_HOST names: killing that one would take every other test with it.
const project = 'berth-f-kill';
const dir = stackDir(`services:
  a:
    image: berth-test/busybox:latest
    command: sleep 3600
    init: true
  b:
    image: berth-test/busybox:latest
    command: sleep 3600
    init: true
    depends_on: [a]
  c:
    image: berth-test/busybox:latest
    command: sleep 3600
    init: true
    volumes: [data:/data, /anon]
  d:
    image: berth-test/busybox:latest
    command: sleep 3600
    init: true
    networks: [default, back]
networks:
  back: {}
volumes:
  data: {}
`);
const engine = new PrivateEngine(`k${process.pid % 100000}`);
const onEngine = async (args: string[]): Promise<string> => String((await execa('docker', args, { env: { DOCKER_HOST: engine.host } })).stdout);
const run = (args: string[], env: Record<string, string> = {}) => berth(['-p', project, ...args], { cwd: dir, env: { DOCKER_HOST: engine.host, ...env } });

before(() => engine.start());
after(() => engine.stop());

/** The desired state: four running containers under their canonical names, the project's two networks. */
async function assertDesiredState(point: string): Promise<void> {
  const containers = (await onEngine(['ps', '-a', '--filter', `label=com.docker.compose.project=${project}`, '--format', '{{.Names}} {{.State}}'])).split('\n').filter(Boolean).sort();
  assert.deepEqual(containers, ['a', 'b', 'c', 'd'].map((name) => `${project}-${name}-1 running`), point);
  const networks = (await onEngine(['network', 'ls', '--filter', `label=com.docker.compose.project=${project}`, '--format', '{{.Name}}'])).split('\n').filter(Boolean).sort();
  assert.deepEqual(networks, [`${project}_back`, `${project}_default`], point);
  const attached = await onEngine(['inspect', '--format', '{{range $name, $_ := .NetworkSettings.Networks}}{{$name}} {{end}}', `${project}-d-1`]);
  assert.deepEqual(attached.trim().split(' ').sort(), [`${project}_back`, `${project}_default`], point);
}

test('after the engine is killed mid-up and restarted, a plain up -d reaches the full desired state', { timeout: 600_000 }, async () => {
  // Numbered among the commands that change the engine: network/volume create, run, create, connect, start.
  const faulty = faultyDocker(['run', 'create', 'start', 'network', 'volume']);
  const points: Array<{ at: number; mode: 'kill' | 'crash'; when: 'during' | 'after' }> = [
    { at: 4, mode: 'kill', when: 'during' },
    { at: 6, mode: 'kill', when: 'during' },
    { at: 7, mode: 'crash', when: 'after' },
    { at: 9, mode: 'kill', when: 'during' },
  ];
  for (const { at, mode, when } of points) {
    const point = `engine ${mode === 'kill' ? 'dockerd killed' : 'crashed'} ${when} command ${at}`;
    const interrupted = await run(['up', '-d', '--progress', 'plain'], faulty.env(at, when, engine.killCommand(mode)));
    assert.notEqual(interrupted.exitCode, 0, `${point}: the interrupted up fails`);
    assert.doesNotMatch(interrupted.stderr, /--help|internal error/, `${point}: clean errors`);
    await engine.restart();
    const repaired = await run(['up', '-d']);
    assert.equal(repaired.exitCode, 0, `${point}: ${repaired.stderr}`);
    await assertDesiredState(point);
    const again = await run(['up', '-d', '--dry-run']);
    assert.match(again.stdout, /nothing to do/, `${point}: one more up has nothing to do`);
    assert.equal((await run(['down', '-v', '-t', '0'])).exitCode, 0, point);
  }
});
