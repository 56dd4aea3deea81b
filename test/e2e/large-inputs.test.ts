/**
 * The large VALID inputs of scripts/large-inputs-lib.mjs (chains of 10,000 services through
 * depends_on, links, volumes_from and extends; 1 MB of many-key services) load and plan completely
 * and correctly through the real CLI. Their time is measured by scripts/bench-large-inputs.mjs, not
 * here (the suite shares the machine).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { largeInputs } from '../../scripts/large-inputs-lib.mjs';
import { berth } from '../helpers/berth.js';

const inputs = largeInputs(10_000) as Record<string, string>;
const root = mkdtempSync(path.join(tmpdir(), 'berth-large-'));

function fileOf(name: string): string {
  const dir = path.join(root, name.replace(/[^a-z0-9]+/gi, '-'));
  const file = path.join(dir, 'compose.yaml');
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, inputs[name] as string);
  return file;
}

type Service = Record<string, unknown> & { depends_on?: Record<string, { condition: string; required: boolean; restart?: boolean }> };

async function configOf(file: string): Promise<Record<string, Service>> {
  const run = await berth(['-f', file, 'config']);
  assert.equal(run.exitCode, 0, run.stderr);
  return (parse(run.stdout, { maxAliasCount: -1 }) as { services: Record<string, Service> }).services;
}

/** The `docker run` and `docker create` lines of the dry-run script, by container name, in script order. */
async function dryRunOrder(file: string): Promise<Map<string, number>> {
  const run = await berth(['-f', file, 'up', '--dry-run']);
  assert.equal(run.exitCode, 0, run.stderr);
  const order = new Map<string, number>();
  for (const match of run.stdout.matchAll(/\bdocker (?:run -d|create) --name (\S+)/g)) order.set(match[1] as string, order.size);
  return order;
}

describe('10,000-service chains and a 1 MB file load and plan in full', { concurrency: 1 }, () => {
  for (const key of ['depends_on', 'links', 'volumes_from']) {
    test(`${key} chain: config keeps every link, up --dry-run runs every container after the one it needs`, async () => {
      const file = fileOf(`${key} chain`);
      const services = await configOf(file);
      assert.equal(Object.keys(services).length, 10_000);
      const last = services['s9999'] as Service;
      assert.equal(last['image'], 'registry.example.com/team/app-9999:1.0');
      assert.deepEqual(last.depends_on?.['s9998']?.condition, 'service_started');
      if (key === 'links') assert.deepEqual(last['links'], ['s9998']);
      if (key === 'volumes_from') assert.deepEqual(last['volumes_from'], ['s9998']);
      const project = path.basename(path.dirname(file));
      const order = await dryRunOrder(file);
      assert.equal(order.size, 10_000);
      for (const index of [1, 5000, 9999]) {
        assert.ok((order.get(`${project}-s${index - 1}-1`) as number) < (order.get(`${project}-s${index}-1`) as number), `s${index - 1} before s${index}`);
      }
    });
  }

  test('extends chain: every service inherits from s0 and keeps its own label', async () => {
    const file = fileOf('extends chain');
    const services = await configOf(file);
    assert.equal(Object.keys(services).length, 10_000);
    for (const index of [1, 5000, 9999]) {
      const service = services[`s${index}`] as Service;
      assert.equal(service['image'], 'registry.example.com/team/app-0:1.0');
      assert.deepEqual(service['labels'], { l: String(index) });
    }
    assert.equal((await dryRunOrder(file)).size, 10_000);
  });

  test('1 MB of many-key services: every service and key comes through', async () => {
    const file = fileOf('1 MB of many-key services');
    const services = await configOf(file);
    const count = Object.keys(services).length;
    assert.ok(count > 1000, `${count} services`);
    const last = services[`svc${count - 1}`] as Service;
    assert.deepEqual(Object.keys(last).sort(), ['command', 'depends_on', 'environment', 'healthcheck', 'image', 'labels', 'mem_limit', 'networks', 'ports', 'restart', 'ulimits', 'volumes'].sort());
    assert.equal((await dryRunOrder(file)).size, count);
  });
});
