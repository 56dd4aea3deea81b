/**
 * The labels of `docker create`: compose's set (as docker compose v2 writes it) and the service's own,
 * one `--label` each, sorted by key, with compose's winning a clash, for replicas and one-offs, with
 * and without --env-file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labelFlags } from '../../src/plan/flags/labels.js';
import type { ArgPart } from '../../src/model/plan.js';
import type { ContainerIdentity, FlagContext } from '../../src/plan/flags/context.js';
import { runtimeOf } from '../../src/model/service-runtime.js';
import { loadVirtual } from '../helpers/load.js';

const COMPOSE = `services:
  web:
    image: app:1
    depends_on: [db]
    labels:
      aaa: first
      com.docker.compose.project: not-this
      com.docker.compose.container-number: "7"
      com.docker.compose.slug: own-slug
      com.docker.compose.p: between
      zzz: last
  db:
    image: db:1
`;

function labelsOf(identity: ContainerIdentity, envFiles: string[]): Array<[string, string]> {
  const project = loadVirtual({ 'compose.yaml': COMPOSE }, { envFiles });
  const service = project.services['web'];
  assert.ok(service !== undefined);
  const context: FlagContext = { project, service, runtime: runtimeOf(service), identity, engine: {}, ignore: () => undefined, caveat: () => undefined };
  const flags: ArgPart[] = labelFlags(context);
  const pairs: Array<[string, string]> = [];
  for (let index = 0; index < flags.length; index += 2) {
    assert.equal(flags[index], '--label');
    const value = flags[index + 1];
    if (typeof value !== 'string') continue; // the image ID, looked up when the step runs
    const at = value.indexOf('=');
    pairs.push([value.slice(0, at), value.slice(at + 1)]);
  }
  return pairs;
}

const replica: ContainerIdentity = { name: 'app-web-2', number: 2, primaryNetwork: 'app_default' };
const oneOff: ContainerIdentity = { name: 'app-web-run-x', number: 1, primaryNetwork: 'app_default', oneOff: { slug: 'abc123', useAliases: false } };

for (const [what, identity] of [['replica', replica], ['one-off', oneOff]] as const) {
  for (const envFiles of [[], ['/project/app/a.env', '/project/app/b.env']]) {
    test(`labels of a ${what}${envFiles.length > 0 ? ' with --env-file' : ''} are sorted by key, one each, compose's winning`, () => {
      const pairs = labelsOf(identity, envFiles);
      const keys = pairs.map(([key]) => key);
      assert.deepEqual(keys, [...keys].sort(), 'sorted by key');
      assert.equal(new Set(keys).size, keys.length, 'no key twice');
      const value = new Map(pairs);
      assert.equal(value.get('com.docker.compose.project'), 'app');
      assert.equal(value.get('aaa'), 'first');
      assert.equal(value.get('zzz'), 'last');
      assert.equal(value.get('com.docker.compose.p'), 'between');
      assert.equal(value.get('com.docker.compose.depends_on'), 'db:service_started:false');
      assert.equal(value.get('com.docker.compose.service'), 'web');
      assert.equal(value.get('com.docker.compose.version'), '0.1.0');
      assert.equal(value.get('com.docker.compose.project.working_dir'), '/project/app');
      assert.equal(value.get('com.docker.compose.project.config_files'), '/project/app/compose.yaml');
      assert.equal(value.get('com.docker.compose.project.environment_file'), envFiles.length > 0 ? envFiles.join(',') : undefined);
      assert.match(value.get('com.docker.compose.config-hash') ?? '', /^[0-9a-f]{64}$/);
      if (identity.oneOff === undefined) {
        assert.equal(value.get('com.docker.compose.oneoff'), 'False');
        assert.equal(value.get('com.docker.compose.container-number'), '2');
        assert.equal(value.get('com.docker.compose.slug'), 'own-slug', 'a replica has no slug of compose: the service label stays');
      } else {
        assert.equal(value.get('com.docker.compose.oneoff'), 'True');
        assert.equal(value.get('com.docker.compose.container-number'), undefined, 'a one-off has no number, and no service label gives one');
        assert.equal(value.get('com.docker.compose.slug'), 'abc123');
      }
    });
  }
}
