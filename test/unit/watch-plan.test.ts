/** develop.watch: loader checks, docker ignore patterns, and the actions a batch of changes calls for. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, UserError } from '../../src/model/errors.js';
import { dockerignoreLines, dockerPatternMatcher } from '../../src/plan/docker-patterns.js';
import { hookArgv } from '../../src/plan/hooks.js';
import { NOT_CONFIGURED, quotedList, watchBatch, watchSetup, withWatchBuilds } from '../../src/plan/watch.js';
import { serviceConfigHash } from '../../src/plan/hash.js';
import { loadVirtual } from '../helpers/load.js';

const SERVICE = `services:
  web:
    build: .
    develop:
      watch:
        - action: sync
          path: ./src
          target: /app
          ignore: ["*.tmp", "cache/"]
        - action: sync+exec
          path: ./cfg
          target: /etc/app
          exec:
            command: sh -c 'kill -HUP 1'
            user: root
            environment: {MODE: dev, FROM_HOST: null}
        - action: rebuild
          path: package.json
        - action: sync+restart
          path: ./conf
          target: /conf
          include: ["*.ini"]
`;

function loadError(text: string): string {
  try {
    loadVirtual({ 'compose.yaml': text });
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  assert.fail('expected a ConfigError');
}

test('develop.watch: canonical rules with absolute paths and split exec commands', () => {
  const web = loadVirtual({ 'compose.yaml': SERVICE }).services['web'];
  const rules = web?.develop?.watch ?? [];
  assert.deepEqual(rules.map((rule) => [rule.action, rule.path, rule.target]), [
    ['sync', '/project/app/src', '/app'], ['sync+exec', '/project/app/cfg', '/etc/app'], ['rebuild', '/project/app/package.json', undefined], ['sync+restart', '/project/app/conf', '/conf'],
  ]);
  assert.deepEqual(rules[1]?.exec, { command: ['sh', '-c', 'kill -HUP 1'], user: 'root', environment: { MODE: 'dev', FROM_HOST: null } });
});

test('develop.watch: bad rules are located errors at load', () => {
  const rule = (body: string): string => `services:\n  web:\n    image: x\n    develop:\n      watch:\n        - ${body}\n`;
  assert.match(loadError(rule('action: sync\n          target: /app')), /compose\.yaml:6:11: services\.web\.develop\.watch\.0: .*path/);
  assert.match(loadError(rule('action: copy\n          path: .\n          target: /app')), /compose\.yaml:6:11: services\.web\.develop\.watch\.0\.action: must be one of sync, rebuild, restart, sync\+restart, sync\+exec/);
  assert.match(loadError(rule('action: sync\n          path: ./src')), /compose\.yaml:6:11: services\.web\.develop\.watch\.0: target is required for the sync action/);
  assert.match(loadError(rule('action: sync+exec\n          path: ./src\n          target: /app')), /services\.web\.develop\.watch\.0: the sync\+exec action needs an exec\.command/);
  assert.match(loadError(rule('action: sync\n          path: ""\n          target: /app')), /services\.web\.develop\.watch\.0\.path: value can't be blank/);
  assert.match(loadError(rule('action: sync\n          path: .\n          target: /app\n          targt: /x')), /additional property "targt" is not allowed/);
});

test('develop is not part of the config hash: editing watch rules recreates nothing', () => {
  const a = loadVirtual({ 'compose.yaml': SERVICE }).services['web'];
  const b = loadVirtual({ 'compose.yaml': SERVICE.replace('/app', '/srv') }).services['web'];
  assert.ok(a !== undefined && b !== undefined);
  assert.equal(serviceConfigHash(a), serviceConfigHash(b));
});

test('docker patterns: * stays in a directory, ** crosses them, ! re-includes, a matched parent covers its tree', () => {
  const matcher = dockerPatternMatcher('/p', ['*.tmp', 'node_modules', '!keep.tmp', 'a/**/z', 'build/']);
  const matches = (path: string): boolean => matcher.matches(path);
  assert.deepEqual(['/p/x.tmp', '/p/sub/x.tmp', '/p/keep.tmp', '/p/node_modules/a/b.js', '/p/a/z', '/p/a/b/c/z', '/p/build/out', '/p/ok.js'].map(matches), [true, false, false, true, true, true, true, false]);
  assert.deepEqual(dockerignoreLines('# comment\n\n/dist\n!/dist/keep\nnode_modules\r\n'), ['dist', '!dist/keep', 'node_modules']);
});

test('watchSetup: compose refusals before anything runs, bind-mounted sync paths skipped with its warning', () => {
  const project = loadVirtual({ 'compose.yaml': SERVICE });
  const web = project.services['web'];
  assert.ok(web !== undefined);
  assert.throws(() => watchSetup([{ ...web, develop: {} }], new Map()), (error: unknown) => error instanceof UserError && error.message === NOT_CONFIGURED);
  const { build: _build, ...imageOnly } = web;
  assert.throws(() => watchSetup([{ ...imageOnly, image: 'x' }], new Map()), /can't watch service "web" with action rebuild without a build context/);
  assert.throws(() => watchSetup([web], new Map(), { noBuild: true }), /--no-build is incompatible with watch action rebuild in service web/);
  const bound = watchSetup([{ ...web, volumes: [{ type: 'bind', source: '/project/app/src', target: '/app' }] }], new Map());
  assert.deepEqual(bound.warnings, ["path '/project/app/src' also declared by a bind mount volume, this path won't be monitored!"]);
  assert.equal(bound.rules.length, 3);
});

test('watchBatch: one sync per service with container paths, ignores, .dockerignore, include, each hook once', () => {
  const project = loadVirtual({ 'compose.yaml': SERVICE });
  const setup = watchSetup(Object.values(project.services), new Map([['web', ['src/secret.key']]]));
  const batch = watchBatch([
    '/project/app/src/a.js', '/project/app/src/deep/b.js', '/project/app/src/x.tmp', '/project/app/src/cache/c', '/project/app/src/.a.js.swp', '/project/app/src/secret.key',
    '/project/app/cfg/one.conf', '/project/app/cfg/two.conf', '/project/app/package.json', '/project/app/conf/a.ini', '/project/app/conf/readme', '/project/app/other.txt',
  ], setup.rules);
  assert.deepEqual(batch.rebuild, ['web']);
  assert.deepEqual(batch.restart, ['web']);
  assert.deepEqual(batch.sync.get('web')?.map((mapping) => mapping.containerPath), ['/app/a.js', '/app/deep/b.js', '/etc/app/one.conf', '/etc/app/two.conf', '/conf/a.ini']);
  assert.equal(batch.exec.get('web')?.length, 1);
});

test('exec hooks (the service hooks\' docker exec): environment values off argv', () => {
  const hook = { command: ['touch', '/x'], user: 'app', privileged: true, working_dir: '/srv', environment: { B: '2', A: null } };
  assert.deepEqual(hookArgv(hook, 'abc', 'services.web.develop.watch.exec', () => undefined), ['exec', '--privileged', '--user', 'app', '--workdir', '/srv', '-e', { env: 'A', value: null }, '-e', { env: 'B', value: '2' }, 'abc', 'touch', '/x']);
  assert.equal(quotedList(['web', 'db']), '["web" "db"]');
});

test('withWatchBuilds: watched services with build: are always built when watch starts', () => {
  const project = withWatchBuilds(loadVirtual({ 'compose.yaml': `${SERVICE}  db:\n    build: ./db\n` }));
  assert.equal(project.services['web']?.pull_policy, 'build');
  assert.equal(project.services['db']?.pull_policy, undefined);
});
