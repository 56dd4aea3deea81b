import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { berth } from '../helpers/berth.js';
import { recordingDocker, stackDir } from '../helpers/converge.js';
import { docker, httpGet } from '../helpers/docker.js';
import { ensureSwarm, removeStack } from '../helpers/swarm.js';

// berth stack deploy on a single-node swarm (created here when the engine is in none, left after):
// seed 004's stack with busybox, a host-mode port (the ingress mesh does not answer on every host).
const stack = 'berthstk';
let leaveSwarm: () => Promise<void> = async () => undefined;

before(async () => {
  leaveSwarm = await ensureSwarm();
});
after(async () => {
  await removeStack(stack);
  await leaveSwarm();
});

function compose(greeting: string): string {
  return `services:
  app:
    image: berth-test/busybox:latest
    command: ["sleep", "3600"]
    environment:
      GREETING: ${greeting}
    networks: [frontend, backend]
    deploy:
      replicas: 3
      resources:
        limits: {cpus: '0.5', memory: 64M}
        reservations: {cpus: '0.1', memory: 16M}
      restart_policy: {condition: on-failure, max_attempts: 3}
      update_config: {parallelism: 1, delay: 1s, failure_action: rollback}
      placement:
        constraints: [node.role==manager]
  web:
    image: berth-test/busybox:latest
    command: ["sh", "-c", "mkdir -p /www && cp /run/secrets/token /www/index.html && exec httpd -f -p 8080 -h /www"]
    container_name: ignored-name
    secrets: [token]
    ports:
      - {target: 8080, published: 18181, mode: host}
    networks: [frontend]
secrets:
  token:
    file: ./token.txt
networks:
  frontend: {driver: overlay, attachable: true}
  backend: {driver: overlay, internal: true}
`;
}

const SERVICE_MUTATIONS = /^(service (create|update|rm|scale)|(secret|config|network) (create|rm))$/;
const mutating = (calls: readonly string[][]): string[][] => calls.filter((argv) => SERVICE_MUTATIONS.test(`${argv[0]} ${argv[1]}`));
const namespaceObjects = async (kind: string): Promise<string[]> =>
  (await docker([kind, 'ls', '--format', '{{.Name}}', '--filter', `label=com.docker.stack.namespace=${stack}`])).split('\n').filter(Boolean);

test('stack deploy: seed 004 stack converges, scale drift and env change are delta updates, a no-op runs nothing, a secret change rolls, stack rm clears', { timeout: 240_000 }, async () => {
  const dir = stackDir(compose('hello'));
  writeFileSync(path.join(dir, 'token.txt'), 'first-secret\n');
  const deploy = (env: Record<string, string> = {}) => berth(['stack', 'deploy', stack], { cwd: dir, env });

  const first = await deploy();
  assert.equal(first.exitCode, 0, first.stderr);
  assert.match(first.stderr, /ignored: services\.web\.container_name: /);
  assert.match(await docker(['stack', 'ls']), new RegExp(`^${stack}\\s+2(\\s|$)`, 'm'));
  assert.match(await docker(['stack', 'services', stack]), /berthstk_app\s+replicated\s+3\/3/);
  assert.equal(await httpGet('http://127.0.0.1:18181/'), 'first-secret\n');
  assert.equal((await docker(['network', 'inspect', '--format', '{{.Attachable}} {{.Internal}}', `${stack}_frontend`, `${stack}_backend`])).trim(), 'true false\nfalse true');
  const spec = JSON.parse(await docker(['service', 'inspect', `${stack}_app`]))[0].Spec;
  assert.equal(spec.UpdateConfig.FailureAction, 'rollback');
  assert.deepEqual(spec.TaskTemplate.Placement.Constraints, ['node.role==manager']);
  assert.equal(spec.TaskTemplate.Resources.Limits.NanoCPUs, 500_000_000);
  const berthList = await berth(['stack', 'services', stack]);
  assert.match(berthList.stdout, /berthstk_web\s+replicated\s+1\/1/);

  // docker stack deploy resets a scaled service to the file's replicas: berth does it with one update.
  await docker(['service', 'scale', '--detach', `${stack}_app=5`]);
  const afterScale = recordingDocker();
  const reset = await deploy({ DOCKER_BIN: afterScale.bin });
  assert.equal(reset.exitCode, 0, reset.stderr);
  assert.deepEqual(mutating(afterScale.calls()), [['service', 'update', '--detach', '--replicas', '3', `${stack}_app`]]);

  const noop = recordingDocker();
  const again = await deploy({ DOCKER_BIN: noop.bin });
  assert.equal(again.exitCode, 0, again.stderr);
  assert.deepEqual(mutating(noop.calls()), []);

  // One changed environment value: --dry-run prints the update and changes nothing; then one update of that service, the value off argv.
  writeFileSync(path.join(dir, 'compose.yaml'), compose('bonjour'));
  const dryRecord = recordingDocker();
  const dry = await berth(['--dry-run', 'stack', 'deploy', stack], { cwd: dir, env: { DOCKER_BIN: dryRecord.bin } });
  assert.equal(dry.exitCode, 0, dry.stderr);
  assert.match(dry.stdout, /^GREETING=bonjour docker service update --detach --env-add GREETING .*berthstk_app$/m);
  assert.deepEqual(mutating(dryRecord.calls()), []);
  const envChange = recordingDocker();
  const changed = await deploy({ DOCKER_BIN: envChange.bin });
  assert.equal(changed.exitCode, 0, changed.stderr);
  const updates = mutating(envChange.calls());
  assert.equal(updates.length, 1, JSON.stringify(updates));
  assert.deepEqual(updates[0]?.slice(0, 5), ['service', 'update', '--detach', '--env-add', 'GREETING']);
  assert.equal(updates[0]?.at(-1), `${stack}_app`);
  assert.ok(!updates[0]?.some((word) => word.includes('bonjour')));
  assert.match(await docker(['service', 'inspect', '--format', '{{json .Spec.TaskTemplate.ContainerSpec.Env}}', `${stack}_app`]), /GREETING=bonjour/);

  // A changed secret: a new secret (named by its content), the service moved to it, the old one removed.
  const [oldSecret] = await namespaceObjects('secret');
  writeFileSync(path.join(dir, 'token.txt'), 'second-secret\n');
  const rolled = await deploy();
  assert.equal(rolled.exitCode, 0, rolled.stderr);
  const secrets = await namespaceObjects('secret');
  assert.equal(secrets.length, 1);
  assert.notEqual(secrets[0], oldSecret);
  assert.equal(await httpGet('http://127.0.0.1:18181/'), 'second-secret\n');

  const removed = await berth(['stack', 'rm', stack]);
  assert.equal(removed.exitCode, 0, removed.stderr);
  assert.deepEqual(await namespaceObjects('service'), []);
  assert.deepEqual(await namespaceObjects('secret'), []);
  for (let i = 0; i < 30 && (await namespaceObjects('network')).length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 1000));
  assert.deepEqual(await namespaceObjects('network'), []);
});

test('stack deploy: an update whose tasks fail is rolled back (update_config.failure_action: rollback) and the deploy fails naming the service', { timeout: 180_000 }, async () => {
  const rollback = 'berthrb';
  const file = (command: string) => `services:
  app:
    image: berth-test/busybox:latest
    command: ["sh", "-c", ${JSON.stringify(command)}]
    deploy:
      replicas: 2
      update_config: {parallelism: 1, delay: 1s, monitor: 5s, failure_action: rollback}
`;
  const dir = stackDir(file('sleep 3600'));
  try {
    const first = await berth(['stack', 'deploy', rollback], { cwd: dir });
    assert.equal(first.exitCode, 0, first.stderr);
    writeFileSync(path.join(dir, 'compose.yaml'), file('exit 3'));
    const broken = await berth(['stack', 'deploy', rollback], { cwd: dir });
    assert.notEqual(broken.exitCode, 0);
    assert.match(broken.stderr, /service berthrb_app/);
    let state = '';
    for (let i = 0; i < 90 && state !== 'rollback_completed'; i++) {
      state = (await docker(['service', 'inspect', '--format', '{{if .UpdateStatus}}{{.UpdateStatus.State}}{{end}}', `${rollback}_app`])).trim();
      if (state !== 'rollback_completed') await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    assert.equal(state, 'rollback_completed');
    assert.equal((await docker(['service', 'inspect', '--format', '{{json .Spec.TaskTemplate.ContainerSpec.Args}}', `${rollback}_app`])).trim(), '["sh","-c","sleep 3600"]');
  } finally {
    await removeStack(rollback);
  }
});
