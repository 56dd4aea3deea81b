/** pull_policy daily, weekly, every_<duration> and refresh: a present image is pulled again once its window has passed since the engine last tagged it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyState } from '../../src/model/observed.js';
import { planUp } from '../../src/plan/up.js';
import { parseImages } from '../../src/engine/observe-resources.js';
import { loadVirtual } from '../helpers/load.js';

const HOUR = 3600 * 1000;
const now = Date.parse('2026-12-01T12:00:00Z');

function pulls(policy: string, taggedHoursAgo: number | undefined, extra = ''): string[] {
  const project = loadVirtual({ 'compose.yaml': `services:\n  app:\n    image: busybox\n    pull_policy: ${policy}\n${extra}` });
  const tagged = taggedHoursAgo === undefined ? undefined : new Map([['busybox', taggedHoursAgo < 0 ? 0 : now - taggedHoursAgo * HOUR]]);
  const plan = planUp(project, { ...emptyState(project.name, true), images: new Map([['busybox', 'sha256:b']]), observedAt: now, ...(tagged === undefined ? {} : { imagesTagged: tagged }) });
  return plan.steps.filter((step) => step.kind === 'image.pull').map((step) => step.cause);
}

test('a window that has passed since the last tag pulls the present image again; one that has not, does not', () => {
  assert.deepEqual(pulls('daily', 25), ['pull_policy daily: last pulled 2026-11-30T11:00:00.000Z']);
  assert.deepEqual(pulls('daily', 23), []);
  assert.deepEqual(pulls('weekly', 24 * 6), []);
  assert.deepEqual(pulls('weekly', 24 * 8).length, 1);
  assert.deepEqual(pulls('every_12h', 13).length, 1);
  assert.deepEqual(pulls('every_12h', 11), []);
  assert.deepEqual(pulls('refresh', 2, '    pull_refresh_after: 1h\n').length, 1);
  assert.deepEqual(pulls('daily', -1), ['pull_policy daily: never pulled here']);
  assert.deepEqual(pulls('daily', undefined), [], 'no tag time known (no engine): nothing to decide on');
});

test('every_<duration> is validated at load, located', () => {
  assert.throws(() => loadVirtual({ 'compose.yaml': 'services:\n  app:\n    image: busybox\n    pull_policy: every_soon\n' }), /compose\.yaml:4:5: services\.app\.pull_policy: invalid duration "soon"/);
});

test('the engine\'s LastTagTime is read with each image; Go\'s zero time is "never"', () => {
  const rows = [
    '{"id":"sha256:a","tags":["busybox:latest"],"volumes":null,"tagged":"2026-11-30T11:00:00.5Z"}',
    '{"id":"sha256:b","tags":["redis:latest"],"volumes":null,"tagged":"0001-01-01T00:00:00Z"}',
  ].join('\n');
  const images = parseImages(rows, ['busybox', 'redis']);
  assert.deepEqual([images.get('busybox')?.tagged, images.get('redis')?.tagged], [Date.parse('2026-11-30T11:00:00.5Z'), 0]);
});
