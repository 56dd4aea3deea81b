import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { berth, fixturesDir } from '../helpers/berth.js';
import { recordingDocker, stackDir } from '../helpers/converge.js';
import { docker, httpGet } from '../helpers/docker.js';
import { ensureSwarm, eventually, removeBuiltImages, removeStack } from '../helpers/swarm.js';

// Seed 003's students API as a stack: the Flask app built from fixtures/students and pushed to the
// local registry (scripts/start-registry.sh, 127.0.0.1:5055) by the deploy, two replicas publishing
// 5000 in host mode (each task on a port of its own: two tasks of one node cannot share one), redis
// with a named volume, on an overlay network. redis answers by DNS round robin: a kernel without IPVS
// (as here) routes no virtual IP, neither a service's nor the ingress mesh's.
const stack = 'berthstu';
const image = '127.0.0.1:5055/berth/students:latest';
let leaveSwarm: () => Promise<void> = async () => undefined;
const dir = stackDir('');

before(async () => {
  leaveSwarm = await ensureSwarm();
});
after(async () => {
  await removeStack(stack);
  await eventually(() => docker(['volume', 'rm', `${stack}_data`]).then(() => true, () => false), (gone) => gone, 30);
  await removeBuiltImages(dir);
  await leaveSwarm();
});

const compose = `services:
  app:
    build:
      context: .
      args: [IMAGE_VERSION=bookworm]
    image: ${image}
    ports:
      - {target: 5000, mode: host}
    networks: [backend]
    deploy:
      replicas: 2
  redis:
    image: berth-test/redis:latest
    volumes: [data:/data]
    networks: [backend]
    deploy:
      endpoint_mode: dnsrr
networks:
  backend: {driver: overlay}
volumes:
  data: {}
`;

/** The calls that build, push or change the swarm, by command words (`build`, `push`, `service update`...). */
const changing = (calls: readonly string[][]): string[] => calls.flatMap((argv) => {
  if (argv[0] === 'build' || argv[0] === 'push') return [argv[0]];
  const words = argv.slice(0, 2).join(' ');
  return /^(buildx build|service (create|update|rm|scale)|(secret|config|network|volume) (create|rm))$/.test(words) ? [words] : [];
});

/** The host ports the app's tasks publish 5000 on. */
async function appPorts(): Promise<number[]> {
  const out = await docker(['ps', '--filter', `label=com.docker.swarm.service.name=${stack}_app`, '--format', '{{.Ports}}']);
  return [...out.matchAll(/:(\d+)->5000\/tcp/g)].map((match) => Number(match[1])).filter((port, index, all) => all.indexOf(port) === index);
}

async function postStudent(port: number, name: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
      return await response.text();
    } catch (error) {
      if (attempt >= 60) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

async function taskIds(service: string): Promise<string> {
  return (await docker(['service', 'ps', '-q', '--filter', 'desired-state=running', `${stack}_${service}`])).split('\n').filter(Boolean).sort().join(' ');
}

test('stack deploy builds a build: service, pushes it to its registry, deploys its digest; two replicas share redis; a code change rolls only the app', { timeout: 420_000 }, async () => {
  writeFileSync(path.join(dir, 'compose.yaml'), compose);
  for (const file of ['Dockerfile', 'app.py', 'requirements.txt']) cpSync(path.join(fixturesDir, 'students', file), path.join(dir, file));
  const deploy = (env: Record<string, string> = {}) => berth(['stack', 'deploy', stack], { cwd: dir, env });

  const dryRecord = recordingDocker();
  const dry = await berth(['--dry-run', 'stack', 'deploy', stack], { cwd: dir, env: { DOCKER_BIN: dryRecord.bin } });
  assert.equal(dry.exitCode, 0, dry.stderr);
  const buildLine = dry.stdout.search(/^IMAGE_VERSION=bookworm docker build .*-t 127\.0\.0\.1:5055\/berth\/students:latest /m);
  const pushLine = dry.stdout.search(/^docker push 127\.0\.0\.1:5055\/berth\/students:latest$/m);
  const createLine = dry.stdout.search(/^docker service create .*--name berthstu_app /m);
  assert.ok(buildLine >= 0 && pushLine > buildLine && createLine > pushLine, dry.stdout);
  assert.deepEqual(changing(dryRecord.calls()), []);

  const first = await deploy();
  assert.equal(first.exitCode, 0, first.stderr);
  // The wait's progress, plain off a terminal: each service's running/desired tasks until converged.
  assert.match(first.stderr, /^ Image 127\.0\.0\.1:5055\/berth\/students:latest {2}Pushed$/m);
  assert.match(first.stderr, /^ Service berthstu_app {2}Converging [01]\/2$/m);
  assert.match(first.stderr, /^ Service berthstu_app {2}Converged 2\/2$/m);
  assert.match(first.stderr, /^ Service berthstu_redis {2}Converged 1\/1$/m);
  const tags = (await (await fetch('http://127.0.0.1:5055/v2/berth/students/tags/list')).json()) as { tags: string[] };
  assert.ok(tags.tags.includes('latest'), JSON.stringify(tags));
  const deployed = (await docker(['service', 'inspect', '--format', '{{.Spec.TaskTemplate.ContainerSpec.Image}} {{index .Spec.Labels "com.docker.stack.image"}}', `${stack}_app`])).trim();
  assert.match(deployed, /^127\.0\.0\.1:5055\/berth\/students:latest@sha256:[0-9a-f]{64} 127\.0\.0\.1:5055\/berth\/students:latest$/);
  assert.match(await docker(['stack', 'services', stack]), /berthstu_app\s+replicated\s+2\/2/);
  assert.match(await docker(['stack', 'ps', stack]), /berthstu_redis\.1\s/);
  assert.equal((await docker(['service', 'inspect', '--format', '{{range .Spec.TaskTemplate.ContainerSpec.Mounts}}{{.Type}} {{.Source}} {{.Target}}{{end}}', `${stack}_redis`])).trim(), `volume ${stack}_data /data`);

  // Each replica answers on its own host port; what one stores in redis the other lists.
  const ports = await eventually(appPorts, (found) => found.length === 2);
  assert.equal(ports.length, 2, `app ports: ${ports.join(', ')}`);
  assert.equal(JSON.parse(await postStudent(ports[0] as number, 'Ada')).name, 'Ada');
  assert.deepEqual(JSON.parse(await httpGet(`http://127.0.0.1:${ports[1]}/`)), ["{'name': 'Ada'}"]);

  // Nothing changed: the build hits its cache, the push uploads nothing, no service is touched.
  const appTasks = await taskIds('app');
  const redisTasks = await taskIds('redis');
  const noop = recordingDocker();
  const again = await deploy({ DOCKER_BIN: noop.bin });
  assert.equal(again.exitCode, 0, again.stderr);
  assert.deepEqual(changing(noop.calls()), ['build', 'push']);
  assert.equal(await taskIds('app'), appTasks);

  // A code change: a new image under the same tag, pushed; its digest rolls the app, redis is kept.
  writeFileSync(path.join(dir, 'app.py'), readFileSync(path.join(dir, 'app.py'), 'utf8').replace("return jsonify({'name': name})", "return jsonify({'name': name, 'version': 2})"));
  const change = recordingDocker();
  const changed = await deploy({ DOCKER_BIN: change.bin });
  assert.equal(changed.exitCode, 0, changed.stderr);
  assert.deepEqual(changing(change.calls()), ['build', 'push', 'service update']);
  assert.notEqual(await taskIds('app'), appTasks);
  assert.equal(await taskIds('redis'), redisTasks);
  const rolled = await eventually(appPorts, (found) => found.length === 2 && !found.some((port) => ports.includes(port)));
  assert.equal(JSON.parse(await postStudent(rolled[0] as number, 'Grace')).version, 2);
  assert.deepEqual(JSON.parse(await httpGet(`http://127.0.0.1:${rolled[1]}/`)), ["{'name': 'Ada'}", "{'name': 'Grace'}"]);
});

test('stack deploy: a build: service whose image names no registry is built and deployed unpushed, with a warning', { timeout: 180_000 }, async () => {
  const local = 'berthloc';
  const dir = stackDir(`services:
  app:
    build:
      context: .
      dockerfile_inline: "FROM berth-test/busybox:latest\\nCMD [\\"sleep\\", \\"3600\\"]\\n"
`);
  try {
    const deployed = await berth(['stack', 'deploy', local], { cwd: dir });
    assert.equal(deployed.exitCode, 0, deployed.stderr);
    assert.match(deployed.stderr, /warning: services\.app\.image: berth-converge-\w+-app names no registry: built and deployed without push, so only this node can run its tasks/);
    assert.match(await docker(['stack', 'services', local]), /berthloc_app\s+replicated\s+1\/1/);
  } finally {
    await removeStack(local);
    await removeBuiltImages(dir);
  }
});

test('stack deploy: a build that fails stops the deploy before anything of the stack is made', { timeout: 120_000 }, async () => {
  const failing = 'berthbad';
  const dir = stackDir(`services:
  app:
    build:
      context: .
      dockerfile_inline: "FROM berth-test/busybox:latest\\nRUN echo berth-stack-broken-build && exit 7\\n"
    image: 127.0.0.1:5055/berth/never-built:1
  cache:
    image: berth-test/redis:latest
`);
  try {
    const deployed = await berth(['stack', 'deploy', failing], { cwd: dir });
    assert.notEqual(deployed.exitCode, 0);
    assert.match(deployed.stderr, /exit code: 7|returned a non-zero code: 7/);
    assert.doesNotMatch(deployed.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(await docker(['service', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${failing}`]), '');
    assert.equal(await docker(['network', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${failing}`]), '');
  } finally {
    await removeStack(failing);
    await removeBuiltImages(dir);
    // The classic builder leaves the failed RUN step's container behind, unlabelled: removed by its command.
    const exited = await docker(['ps', '-a', '--no-trunc', '--filter', 'status=exited', '--format', '{{.ID}} {{.Command}}']);
    const leftovers = exited.split('\n').filter((line) => line.includes('berth-stack-broken-build')).map((line) => line.split(' ')[0] as string);
    if (leftovers.length > 0) await docker(['rm', ...leftovers]);
  }
});
