import { test } from 'node:test';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { emptyState, type ObservedContainer, type ObservedState } from '../../src/model/observed.js';
import type { Project } from '../../src/model/project.js';
import { serviceConfigHash } from '../../src/plan/hash.js';
import { planUp } from '../../src/plan/up.js';
import { planDown } from '../../src/plan/down.js';
import { renderScript } from '../../src/plan/render-script.js';
import { assertGolden } from '../helpers/golden.js';
import { fixturesDir } from '../helpers/berth.js';
import { loadFixtureDir } from '../helpers/load.js';

const goldenDir = path.join(fixturesDir, 'golden');

interface ObservedFixture {
  containers?: Array<Partial<ObservedContainer> & { configHash?: string }>;
  networks?: string[];
  images?: Record<string, string>;
  /** The engine's API version, for keys that need a recent engine. */
  apiVersion?: string;
}

/** observed.json → ObservedState; a configHash of "CURRENT" means "matches the model". */
function observedFrom(project: Project, fixture: ObservedFixture): ObservedState {
  const containers = (fixture.containers ?? []).map((partial): ObservedContainer => {
    const service = project.services[partial.service ?? ''];
    return {
      id: '', name: '', service: '', number: 1, oneoff: false, state: 'running', status: '', image: '', imageId: undefined,
      createdAt: '', runningFor: '', ports: '', command: '',
      ...partial,
      configHash: partial.configHash === 'CURRENT' && service !== undefined ? serviceConfigHash(service) : partial.configHash,
    };
  });
  const networks = new Map((fixture.networks ?? []).map((name) => [name, { id: name, name, labels: { 'com.docker.compose.project': project.name } }]));
  const state = { ...emptyState(project.name, true), containers, networks, images: new Map(Object.entries(fixture.images ?? {})) };
  return fixture.apiVersion === undefined ? state : { ...state, apiVersion: fixture.apiVersion };
}

for (const name of readdirSync(goldenDir).sort()) {
  const dir = path.join(goldenDir, name);
  test(`golden: up --dry-run of ${name}`, () => {
    const project = loadFixtureDir(dir, `/project/${name}`);
    const observedFile = path.join(dir, 'observed.json');
    const observed = existsSync(observedFile)
      ? observedFrom(project, JSON.parse(readFileSync(observedFile, 'utf8')) as ObservedFixture)
      : emptyState(project.name, true);
    const plan = planUp(project, observed);
    const warnings = plan.warnings.map((warning) => `# warning: ${warning}\n`).join('');
    assertGolden(path.join(dir, 'up.sh'), warnings + renderScript(plan, `berth up --dry-run: project "${project.name}"`));
  });
  test(`golden: down --dry-run of ${name} after up`, () => {
    const project = loadFixtureDir(dir, `/project/${name}`);
    const containers = Object.values(project.services).map((service, index): ObservedContainer => ({
      id: `id${index}`, name: `${project.name}-${service.name}-1`, service: service.name, number: 1, oneoff: false, state: 'running',
      status: 'Up', image: '', imageId: undefined, configHash: serviceConfigHash(service), createdAt: '', runningFor: '', ports: '', command: '',
    }));
    const networks = new Map(Object.values(project.networks).map((network) => [network.name, { id: network.name, name: network.name, labels: { 'com.docker.compose.project': project.name } }]));
    const volumes = new Map(Object.values(project.volumes).map((volume) => [volume.name, { id: volume.name, name: volume.name, labels: {} }]));
    const plan = planDown(project, { ...emptyState(project.name, true), containers, networks, volumes }, { volumes: true });
    assertGolden(path.join(dir, 'down.sh'), renderScript(plan, `berth down -v --dry-run: project "${project.name}"`));
  });
}
