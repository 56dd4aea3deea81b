import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execa } from 'execa';
import { berth, repoRoot } from '../helpers/berth.js';
import { stackDir } from '../helpers/converge.js';
import { docker } from '../helpers/docker.js';
import { ensureSwarm, eventually, removeStack } from '../helpers/swarm.js';

// A two-node swarm: the engine DOCKER_HOST names is the manager, advertising on a veth link to a second
// dockerd that scripts/swarm-worker.sh starts in a network namespace of its own (own data-root,
// exec-root and socket) and that joins as a worker. Both engines, the link and the worker's state are
// gone afterwards, and the manager has left the swarm it was not in.
const stack = 'berthmn';
const worker = 'bswarm';
const script = path.join(repoRoot, 'scripts', 'swarm-worker.sh');
let workerHost = '';
let leaveSwarm: () => Promise<void> = async () => undefined;

const onWorker = async (args: readonly string[]): Promise<string> => (await execa('docker', [...args], { env: { DOCKER_HOST: workerHost } })).stdout;

before(async () => {
  if ((await docker(['info', '--format', '{{.Swarm.LocalNodeState}}'])).trim() !== 'inactive') throw new Error('the multi-node test needs an engine in no swarm: it makes one advertising on its veth link');
  workerHost = (await execa('bash', [script, 'start', worker])).stdout.trim();
  leaveSwarm = await ensureSwarm('10.231.0.1');
  const token = (await docker(['swarm', 'join-token', '-q', 'worker'])).trim();
  await onWorker(['swarm', 'join', '--token', token, '--advertise-addr', '10.231.0.2', '10.231.0.1:2377']);
});
after(async () => {
  await removeStack(stack);
  if (workerHost !== '') {
    const self = (await onWorker(['info', '--format', '{{.Swarm.NodeID}}']).catch(() => '')).trim();
    await onWorker(['swarm', 'leave', '--force']).catch(() => undefined);
    if (self !== '') await docker(['node', 'rm', '--force', self]).catch(() => undefined);
    await execa('bash', [script, 'stop', worker]);
  }
  await leaveSwarm();
});

test('stack deploy on two nodes: replicas: 2 with max_replicas_per_node: 1 runs one task on each node', { timeout: 240_000 }, async () => {
  const nodes = await eventually(async () => (await docker(['node', 'ls', '--format', '{{.ID}} {{.Status}}'])).split('\n').filter((line) => line.endsWith(' Ready')), (ready) => ready.length === 2);
  assert.equal(nodes.length, 2, 'the worker did not join');
  const dir = stackDir(`services:
  app:
    image: berth-test/busybox:latest
    command: ["sleep", "3600"]
    deploy:
      replicas: 2
      placement:
        max_replicas_per_node: 1
`);
  const deployed = await berth(['stack', 'deploy', stack], { cwd: dir });
  assert.equal(deployed.exitCode, 0, deployed.stderr);
  assert.match(await docker(['service', 'inspect', '--format', '{{.Spec.TaskTemplate.Placement.MaxReplicas}}', `${stack}_app`]), /^1\s*$/);
  const ids = (await docker(['service', 'ps', '-q', '--filter', 'desired-state=running', `${stack}_app`])).split('\n').filter(Boolean);
  const tasks = (await docker(['inspect', '--format', '{{.NodeID}} {{.Status.State}}', ...ids])).split('\n').filter(Boolean);
  assert.equal(tasks.length, 2);
  assert.ok(tasks.every((task) => task.endsWith(' running')), tasks.join('\n'));
  assert.deepEqual(new Set(tasks.map((task) => task.split(' ')[0])), new Set(nodes.map((node) => node.split(' ')[0])));
  assert.equal((await onWorker(['ps', '-q', '--filter', `label=com.docker.swarm.service.name=${stack}_app`])).split('\n').filter(Boolean).length, 1);
});
