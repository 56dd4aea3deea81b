/** The pure parts of publish (references, manifest), build --print (bake definition) and run's split around the one-off. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyState } from '../../src/model/observed.js';
import { bakeDefinition } from '../../src/plan/bake-definition.js';
import { artifactLayers, artifactManifest, parseRepository, publishFindings, publishQuestions, publishRefusal, sensitiveData } from '../../src/plan/publish.js';
import { flagEnvironment, oneOffService, planRun, splitForeground } from '../../src/plan/run.js';
import { loadVirtual } from '../helpers/load.js';

test('parseRepository: Docker Hub names get the library/ path and registry-1.docker.io, a registry with a port keeps it, the tag defaults to latest', () => {
  assert.deepEqual(parseRepository('app'), { registry: 'registry-1.docker.io', repository: 'library/app', tag: 'latest', text: 'app' });
  assert.deepEqual(parseRepository('me/app:2'), { registry: 'registry-1.docker.io', repository: 'me/app', tag: '2', text: 'me/app:2' });
  assert.deepEqual(parseRepository('docker.io/app:v1'), { registry: 'registry-1.docker.io', repository: 'library/app', tag: 'v1', text: 'docker.io/app:v1' });
  assert.deepEqual(parseRepository('localhost:5000/a/b:x'), { registry: 'localhost:5000', repository: 'a/b', tag: 'x', text: 'localhost:5000/a/b:x' });
  assert.deepEqual(parseRepository('ghcr.io/org/app'), { registry: 'ghcr.io', repository: 'org/app', tag: 'latest', text: 'ghcr.io/org/app' });
  assert.throws(() => parseRepository('Me/App'), /^UserError: invalid reference format: "Me\/App": repository name must be lowercase$/);
  assert.throws(() => parseRepository('app:bad tag'), /invalid reference format/);
});

test('artifactManifest: OCI 1.1 has compose artifactType and the empty config; 1.0 names the artifact by its config media type', () => {
  const layers = artifactLayers({ composeFiles: [{ name: 'compose.yaml', content: Buffer.from('services: {}\n') }], extendsFiles: [], envFiles: [] });
  const v11 = JSON.parse(artifactManifest(layers, '1.1', '2026-01-01T00:00:00Z').manifest.toString()) as Record<string, unknown>;
  assert.deepEqual(Object.keys(v11), ['schemaVersion', 'mediaType', 'artifactType', 'config', 'layers', 'annotations']);
  assert.equal(v11['artifactType'], 'application/vnd.docker.compose.project');
  const v10 = artifactManifest(layers, '1.0', '2026-01-01T00:00:00Z');
  const parsed = JSON.parse(v10.manifest.toString()) as { artifactType?: string; config: { mediaType: string } };
  assert.equal(parsed.artifactType, undefined);
  assert.equal(parsed.config.mediaType, 'application/vnd.docker.compose.config.empty.v1+json');
  assert.deepEqual(v10.blobs.map((blob) => blob.content.toString()), ['{}', 'services: {}\n']);
});

test('publish findings: build-only services and environment are refused in compose words; bind mounts and published values are asked', () => {
  const project = loadVirtual({ 'compose.yaml': 'services:\n  a:\n    build: .\n  b:\n    image: b\n    environment: {K: v}\n    volumes: ["/srv:/data:ro"]\n' });
  const findings = publishFindings(project, new Set(['b']));
  assert.match(publishRefusal(findings, true) ?? '', /only contains a build section for service\(s\):\n- "a"$/);
  const withImage = publishFindings(loadVirtual({ 'compose.yaml': 'services:\n  b:\n    image: b\n    environment: {K: v}\n    volumes: ["/srv:/data:ro"]\n' }), new Set(['b']));
  assert.match(publishRefusal(withImage, false) ?? '', /^service "b" has env_file declared\.\nservice "b" has environment variable\(s\) declared\.\n/);
  assert.equal(publishRefusal(withImage, true), undefined);
  const questions = publishQuestions(withImage, true);
  assert.equal(questions.length, 2);
  assert.match(questions[0] ?? '', /\nb: \/srv:\/data:ro\nAre you ok to publish these bind mount declarations\?$/);
  assert.match(questions[1] ?? '', /\nService\/Config  b\nK=v\nAre you ok to publish these environment variables\?$/);
});

test('bakeDefinition: bake target names, tags with the image last, outputs by platform count and --push, call lint for --check', () => {
  const project = loadVirtual({ 'compose.yaml': `services:
  web.app:
    build: {context: ., platforms: [linux/amd64, linux/arm64], ulimits: {nofile: {soft: 1, hard: 2}}, additional_contexts: {base: "service:lib"}}
    image: reg/web
  lib:
    build: {context: ./lib, dockerfile_inline: "FROM $\${X}"}
` });
  const definition = bakeDefinition(project, Object.values(project.services), { push: true });
  assert.deepEqual(definition.group.default.targets.sort(), ['lib', 'web_app']);
  assert.deepEqual(definition.target['web_app']?.output, ['type=image,push=true']);
  assert.deepEqual(definition.target['web_app']?.contexts, { base: 'target:lib' });
  assert.deepEqual(definition.target['web_app']?.ulimits, ['nofile=1:2']);
  assert.deepEqual(definition.target['lib']?.output, ['type=docker,load=true,push=false'], 'no image: never pushed');
  assert.equal(definition.target['lib']?.['dockerfile-inline'], 'FROM $${X}');
  const check = bakeDefinition(project, [], { check: true });
  assert.deepEqual(check.group.default.targets, []);
  assert.equal(check.target['lib']?.call, 'lint');
  assert.equal(check.target['lib']?.output, undefined);
});

test('run: --env-from-file values sit under -e and over the service; post_start hooks wait for the one-off, apart from what comes before it', () => {
  const project = loadVirtual({ 'compose.yaml': 'name: demo\nservices:\n  app:\n    image: app:1\n    environment: {A: service, B: service}\n    post_start: [{command: [touch, /ready]}]\n' });
  const service = project.services['app'];
  assert.ok(service !== undefined);
  assert.deepEqual(flagEnvironment(['X=1', 'HOME', 'UNSET'], { HOME: '/root' }), { X: '1', HOME: '/root' });
  const oneOff = oneOffService(service, { env: ['B=flag'], envFromFiles: { A: 'file', B: 'file', C: 'file' }, tty: false, interactive: false }, {});
  assert.deepEqual(oneOff.environment, { A: 'file', B: 'flag', C: 'file' });
  const observed = { ...emptyState('demo', true), images: new Map([['app:1', 'sha256:app']]) };
  const plan = planRun(project, observed, undefined, { target: service, oneOff, name: 'demo-app-run-1', slug: '1', detach: false, rm: true, interactive: false, useAliases: false, build: false, pull: undefined, warn: () => undefined });
  const { background, foreground, afterStart } = splitForeground(plan);
  assert.equal(foreground?.id, 'one-off:run');
  assert.deepEqual(background.steps.map((step) => step.kind), ['network.create']);
  assert.deepEqual(afterStart.steps.map((step) => [step.kind, step.argv.join(' '), step.dependsOn.join(',')]), [['container.exec', 'exec demo-app-run-1 touch /ready', '']]);
  assert.deepEqual(plan.warnings.filter((warning) => warning.includes('post_start')), []);
});

test('sensitiveData: credential-shaped values of the published files are named by type and file, shown cut', () => {
  const files = {
    composeFiles: [{ name: 'compose.yaml', content: Buffer.from('x: AKIAABCDEFGHIJKLMNOP\ny: -----BEGIN RSA PRIVATE KEY-----\nz: plain\n') }],
    extendsFiles: [],
    envFiles: [{ name: 'abc.env', content: Buffer.from(`TOKEN=ghp_${'x'.repeat(36)}\n`) }],
  };
  assert.deepEqual(sensitiveData(files), ['AWS Client ID\n"compose.yaml": AKIAAB…', 'Private Key\n"compose.yaml": -----B…', 'Github authentication\n"abc.env": ghp_xx…']);
  assert.deepEqual(sensitiveData({ composeFiles: [{ name: 'c.yaml', content: Buffer.from('image: redis\n') }], extendsFiles: [], envFiles: [] }), []);
});
