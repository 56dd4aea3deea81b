import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Step } from '../../src/model/plan.js';
import { planStackDeploy, type ObservedStack, type ObservedSwarmService } from '../../src/plan/swarm/deploy.js';
import { StackLabel } from '../../src/plan/swarm/names.js';
import { loadVirtual } from '../helpers/load.js';

const OPTIONS = { prune: false, resolveImage: 'always' as const, withRegistryAuth: false };
const NOTHING: ObservedStack = { services: [], networks: [], secrets: [], configs: [] };

const SEED = `services:
  app:
    image: myapp:latest
    privileged: true
    depends_on: [db]
    environment: {DB_PASSWORD: hunter2}
    labels: {role: web}
    ports: ["3000:3000", {target: 9000, published: 9000, mode: host}]
    volumes: [data:/data, ./conf:/conf:ro]
    secrets: [{source: token, target: token, uid: '100', mode: 0400}]
    networks: {frontend: {aliases: [api]}, backend: {}}
    healthcheck: {test: ["CMD", "wget", "-q", "localhost"], interval: 5s}
    user: "1000"
    init: true
    read_only: true
    cap_add: [NET_ADMIN]
    sysctls: {net.core.somaxconn: 1024}
    ulimits: {nofile: {soft: 1024, hard: 2048}}
    dns: [1.1.1.1]
    extra_hosts: ["db.local:10.0.0.1"]
    stop_grace_period: 20s
    deploy:
      replicas: 3
      labels: {tier: front}
      resources: {limits: {cpus: '0.5', memory: 512M}, reservations: {cpus: '0.25', memory: 256M}}
      restart_policy: {condition: on-failure, max_attempts: 3}
      update_config: {parallelism: 1, delay: 10s, failure_action: rollback}
      rollback_config: {parallelism: 2}
      placement: {constraints: [node.role==manager], preferences: [{spread: node.labels.zone}]}
  db:
    image: postgres:13
    container_name: db
    network_mode: host
    devices: ["/dev/fuse"]
    build: .
secrets:
  token: {file: ./token.txt}
volumes:
  data: {}
networks:
  frontend: {driver: overlay, attachable: true}
  backend: {driver: overlay, internal: true}
`;

function plan(compose: string, observed: ObservedStack = NOTHING, contents: Record<string, string> = { 'secrets.token': 'abc' }) {
  return planStackDeploy(loadVirtual({ 'compose.yaml': compose }), 'st', contents, observed, OPTIONS);
}

const argvOf = (step: Step | undefined): string[] => (step?.argv ?? []).map((part) => (typeof part === 'string' ? part : 'env' in part ? `<env ${part.env}>` : '<file>'));

test('stack deploy: networks, then the secret by content on stdin, then services with every mapped flag', () => {
  const result = plan(SEED);
  assert.deepEqual(result.steps.map((step) => step.id), ['network:backend', 'network:frontend', 'secret:token', 'service:st_app', 'service:st_db']);
  assert.deepEqual(argvOf(result.steps[1]), ['network', 'create', '--driver', 'overlay', '--attachable', '--label', 'com.docker.stack.namespace=st', 'st_frontend']);
  const secret = result.steps[2];
  assert.equal(secret?.input, 'abc');
  assert.ok(!argvOf(secret).includes('abc'));
  assert.match(argvOf(secret).join(' '), /^secret create --label com\.docker\.stack\.namespace=st st_token-[0-9a-f]{10} -$/);
  assert.deepEqual(result.steps[3]?.dependsOn, ['network:backend', 'network:frontend', 'secret:token']);
  const app = argvOf(result.steps[3]).join(' ');
  for (const flags of [
    '--replicas 3', '--limit-cpu 0.5', '--limit-memory 536870912', '--reserve-cpu 0.25', '--reserve-memory 268435456',
    '--restart-condition on-failure --restart-max-attempts 3', '--update-parallelism 1 --update-delay 10s --update-failure-action rollback',
    '--rollback-parallelism 2', '--constraint node.role==manager', '--placement-pref spread=node.labels.zone', '--label tier=front',
    '--container-label role=web', '--publish mode=ingress,target=3000,published=3000,protocol=tcp', '--publish mode=host,target=9000,published=9000,protocol=tcp',
    '--mount type=volume,source=st_data,target=/data,volume-label=com.docker.stack.namespace=st', '--mount type=bind,source=/project/app/conf,target=/conf,readonly',
    '--network name=st_backend,alias=app', '--network name=st_frontend,alias=app,alias=api', '--health-cmd wget -q localhost --health-interval 5s',
    '--user 1000', '--init', '--read-only', '--cap-add NET_ADMIN', '--sysctl net.core.somaxconn=1024', '--ulimit nofile=1024:2048',
    '--dns 1.1.1.1', '--host db.local:10.0.0.1', '--stop-grace-period 20s', '-e <env DB_PASSWORD>',
    '--label com.docker.stack.namespace=st', '--label com.docker.stack.image=myapp:latest',
  ]) assert.ok(app.includes(flags), `${flags} in ${app}`);
  assert.match(app, /--secret source=st_token-[0-9a-f]{10},target=\/run\/secrets\/token,uid=100,mode=0400/);
  assert.ok(!app.includes('hunter2'));
  assert.ok(app.endsWith('myapp:latest'));
  for (const key of ['db.container_name', 'app.privileged', 'app.depends_on', 'db.network_mode', 'db.devices']) {
    assert.ok(result.warnings.some((warning) => warning.startsWith(`ignored: services.${key}: `)), `${key}: ${result.warnings.join('\n')}`);
  }
  assert.ok(!result.warnings.some((warning) => warning.startsWith('ignored: services.db.build')), 'build is built, not ignored');
});

/** The observed service berth created from `compose`, as `docker service inspect` shows it. */
function deployed(compose: string, name: string, contents?: Record<string, string>): ObservedSwarmService {
  const create = plan(compose, NOTHING, contents).steps.find((step) => step.id === `service:${name}`);
  const labels = Object.fromEntries(argvOf(create).flatMap((word, index, argv) => (argv[index - 1] === '--label' && word.startsWith('com.docker.stack.') ? [[word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)]] : [])));
  return { name, labels, replicas: 3, image: labels[StackLabel.image] ?? '' };
}

const SMALL = (greeting: string, secret = 'token', port = 80) => `services:
  web:
    image: busybox
    environment: {GREETING: ${greeting}, KEEP: same}
    ports: [{target: ${port}, published: 8080, mode: host}]
    secrets: [${secret}]
    deploy: {replicas: 3}
secrets:
  token: {file: ./token.txt}
  other: {file: ./other.txt}
`;
const CONTENTS = { 'secrets.token': 'one', 'secrets.other': 'two' };

test('stack deploy: an unchanged service gets no step; scale drift one --replicas; a changed value only its delta', () => {
  const observed = (service: ObservedSwarmService, secrets: string[] = []): ObservedStack => ({ ...NOTHING, services: [service], secrets, networks: ['st_default'] });
  const web = deployed(SMALL('hi'), 'st_web', CONTENTS);
  const secretName = /source=([^,]+)/.exec(web.labels[StackLabel.spec] ?? '')?.[1] ?? '';
  assert.deepEqual(plan(SMALL('hi'), observed(web, [secretName]), CONTENTS).steps, []);
  assert.deepEqual(argvOf(plan(SMALL('hi'), observed({ ...web, replicas: 5 }, [secretName]), CONTENTS).steps[0]), ['service', 'update', '--detach', '--replicas', '3', 'st_web']);
  const envChange = argvOf(plan(SMALL('hello'), observed(web, [secretName]), CONTENTS).steps[0]);
  assert.deepEqual(envChange.slice(0, 5), ['service', 'update', '--detach', '--env-add', '<env GREETING>']);
  assert.ok(!envChange.includes('--env-rm') && !envChange.some((word) => word.startsWith('--publish')));
  const portChange = argvOf(plan(SMALL('hi', 'token', 81), observed(web, [secretName]), CONTENTS).steps[0]).join(' ');
  assert.match(portChange, /--publish-rm mode=host,target=80,published=8080,protocol=tcp --publish-add mode=host,target=81,published=8080,protocol=tcp/);
  const secretSwap = plan(SMALL('hi', 'other'), observed(web, [secretName]), CONTENTS);
  assert.deepEqual(secretSwap.steps.map((step) => step.kind), ['secret.create', 'service.update', 'secret.remove']);
  assert.match(argvOf(secretSwap.steps[1]).join(' '), /--secret-rm st_token-\w+ --secret-add source=st_other-\w+,target=\/run\/secrets\/other/);
  assert.equal(secretSwap.steps[2]?.resource.name, secretName);
});

test('stack deploy: a change no delta flag expresses recreates; --prune removes services gone from the file', () => {
  const web = deployed(SMALL('hi'), 'st_web', CONTENTS);
  const global = SMALL('hi').replace('deploy: {replicas: 3}', 'deploy: {mode: global}');
  const recreate = plan(global, { ...NOTHING, services: [web] }, CONTENTS);
  assert.deepEqual(recreate.steps.filter((step) => step.resource.type === 'Service').map((step) => `${step.kind} ${step.cause}`), ['service.remove --mode changed', 'service.create --mode changed']);
  const orphan = { name: 'st_old', labels: {}, replicas: 1, image: 'busybox' };
  const pruned = planStackDeploy(loadVirtual({ 'compose.yaml': SMALL('hi') }), 'st', CONTENTS, { ...NOTHING, services: [web, orphan] }, { ...OPTIONS, prune: true });
  assert.deepEqual(argvOf(pruned.steps.find((step) => step.id === 'prune:st_old')), ['service', 'rm', 'st_old']);
});

test('stack deploy: --resolve-image and --with-registry-auth reach create and update; `restart` maps when no restart_policy', () => {
  const load = (text: string) => loadVirtual({ 'compose.yaml': text });
  const file = 'services:\n  web:\n    image: busybox\n    restart: on-failure:4\n';
  const created = argvOf(planStackDeploy(load(file), 'st', {}, NOTHING, { ...OPTIONS, resolveImage: 'never', withRegistryAuth: true }).steps[1]).join(' ');
  assert.match(created, /--restart-condition on-failure --restart-max-attempts 4 .*--no-resolve-image --with-registry-auth busybox$/);
  const web = { ...deployed(file, 'st_web'), replicas: 1 };
  const changed = (text: string) => argvOf(planStackDeploy(load(text), 'st', {}, { ...NOTHING, networks: ['st_default'], services: [web] }, { ...OPTIONS, resolveImage: 'changed' }).steps[0]).join(' ');
  assert.match(changed(file.replace('on-failure:4', 'always')), /--restart-condition any --restart-max-attempts 0 .*--no-resolve-image st_web$/);
  assert.match(changed(file.replace('image: busybox', 'image: busybox:1')), /--image busybox:1 .*[^-]st_web$/);
  assert.doesNotMatch(changed(file.replace('image: busybox', 'image: busybox:1')), /--no-resolve-image/);
});

test('stack deploy: a service waits only for the creates of the networks, secrets and configs it uses', () => {
  const result = plan(`services:
  a:
    image: x
    networks: [front]
  b:
    image: x
    networks: [back]
    secrets: [token]
  c:
    image: x
    networks: [front]
    configs: [conf]
secrets:
  token: {file: ./token.txt}
configs:
  conf: {content: hello}
networks:
  front: {driver: overlay}
  back: {driver: overlay}
`, NOTHING, { 'secrets.token': 'abc', 'configs.conf': 'hello' });
  const waits = Object.fromEntries(result.steps.filter((step) => step.kind === 'service.create').map((step) => [step.resource.name, [...step.dependsOn].sort()]));
  assert.deepEqual(waits, { st_a: ['network:front'], st_b: ['network:back', 'secret:token'], st_c: ['config:conf', 'network:front'] });
});
