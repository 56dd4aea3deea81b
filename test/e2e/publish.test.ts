import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { berth } from '../helpers/berth.js';
import { docker, engineSnapshot } from '../helpers/docker.js';
import { stackDir } from '../helpers/converge.js';

// publish: the Compose files as an OCI artifact in compose's format, pushed to the local registry
// (scripts/start-registry.sh, 127.0.0.1:5055) and read back through the registry's HTTP API.
const registry = 'http://127.0.0.1:5055';
const image = '127.0.0.1:5055/berth/publish-base:1';
// A tag of this run's own: the registry keeps what earlier runs pushed.
const builtTag = `run-${process.pid}-${Date.now()}`;
const built = `127.0.0.1:5055/berth/publish-built:${builtTag}`;
const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

interface Descriptor { mediaType: string; digest: string; size: number; annotations?: Record<string, string>; data?: string }
interface Manifest { schemaVersion: number; mediaType: string; artifactType?: string; config: Descriptor; layers: Descriptor[]; annotations: Record<string, string> }

async function manifest(repository: string, tag: string): Promise<Manifest | undefined> {
  const response = await fetch(`${registry}/v2/${repository}/manifests/${tag}`, { headers: { Accept: 'application/vnd.oci.image.manifest.v1+json' } });
  return response.ok ? ((await response.json()) as Manifest) : undefined;
}

async function blob(repository: string, digest: string): Promise<string> {
  const response = await fetch(`${registry}/v2/${repository}/blobs/${digest}`);
  assert.ok(response.ok, `blob ${digest}: ${response.status}`);
  return response.text();
}

const publish = (dir: string, args: string[]) => berth(['-p', 'berth-e2e-publish', 'publish', ...args], { cwd: dir });

after(() => docker(['image', 'rm', '-f', image, built]).catch(() => undefined));

test('publish pushes the built images, then the Compose file and its extends file as compose does, OCI 1.1', async () => {
  const dir = stackDir(`services:
  web:
    image: ${image}
    command: ["sleep", "3600"]
    extends:
      file: base.yaml
      service: base
  extra:
    image: berth-test/busybox
    profiles: [extra]
  built:
    build: {context: ., dockerfile_inline: "FROM berth-test/busybox"}
    image: ${built}
`);
  writeFileSync(path.join(dir, 'base.yaml'), 'services:\n  base:\n    labels: {from: base}\n');
  const build = await berth(['-p', 'berth-e2e-publish', 'build', 'built'], { cwd: dir });
  assert.equal(build.exitCode, 0, build.stderr);
  const result = await publish(dir, ['127.0.0.1:5055/berth/app:1']);
  assert.equal(result.exitCode, 0, result.stderr);
  const builtTags = await fetch(`${registry}/v2/berth/publish-built/tags/list`).then((response) => response.json()) as { tags?: string[] };
  assert.ok(builtTags.tags?.includes(builtTag), 'the image the project builds is pushed first, as compose does');
  assert.match(result.stderr, /127\.0\.0\.1:5055\/berth\/app:1 Published/);

  const pushed = await manifest('berth/app', '1');
  assert.ok(pushed !== undefined, 'the registry has no manifest for berth/app:1');
  assert.equal(pushed.mediaType, 'application/vnd.oci.image.manifest.v1+json');
  assert.equal(pushed.artifactType, 'application/vnd.docker.compose.project');
  assert.deepEqual(pushed.config, { mediaType: 'application/vnd.oci.empty.v1+json', digest: `sha256:${sha256('{}')}`, size: 2, data: 'e30=' });
  assert.match(pushed.annotations['org.opencontainers.image.created'] ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const extendsName = `${sha256(path.join(dir, 'base.yaml'))}.yaml`;
  assert.deepEqual(pushed.layers.map((layer) => [layer.mediaType, layer.annotations?.['com.docker.compose.file'], layer.annotations?.['com.docker.compose.extends']]), [
    ['application/vnd.docker.compose.file+yaml', 'compose.yaml', undefined],
    ['application/vnd.docker.compose.file+yaml', extendsName, 'true'],
  ]);
  const [composeLayer, extendsLayer] = pushed.layers as [Descriptor, Descriptor];
  const published = await blob('berth/app', composeLayer.digest);
  assert.match(published, new RegExp(`extends:\\n      file: ${extendsName}\\n      service: base\\n`), 'extends.file names the extends layer');
  assert.match(published, /profiles: \[extra\]/, 'every profile is published');
  assert.equal(await blob('berth/app', extendsLayer.digest), 'services:\n  base:\n    labels: {from: base}\n');
  assert.equal(Buffer.from(composeLayer.data ?? '', 'base64').toString(), published, 'the layer content is embedded too, as compose does');
});

test('publish refuses, before anything is pushed: environment without --with-env, build-only services, include, a bad reference, bind mounts or credentials without -y', async () => {
  const before = await engineSnapshot();
  const cases: Array<[string, string[], RegExp]> = [
    [`services:\n  app:\n    image: ${image}\n    environment: {TOKEN: secret}\n`, ['127.0.0.1:5055/berth/refused:1'],
      /^service "app" has environment variable\(s\) declared\.\nTo avoid leaking sensitive data, you must either explicitly allow the sending of environment variables by using the --with-env flag,\nor remove sensitive data from your Compose configuration$/],
    ['services:\n  app:\n    build: .\n', ['127.0.0.1:5055/berth/refused:1'], /^your Compose stack cannot be published as it only contains a build section for service\(s\):\n- "app"$/],
    [`include: [other.yaml]\nservices:\n  app:\n    image: ${image}\n`, ['127.0.0.1:5055/berth/refused:1'], /^cannot publish compose file with local includes: .*compose\.yaml$/],
    [`services:\n  app:\n    image: ${image}\n`, ['127.0.0.1:5055/Berth/Refused:1'], /^invalid reference format: "127\.0\.0\.1:5055\/Berth\/Refused:1": repository name must be lowercase$/],
    [`services:\n  app:\n    image: ${image}\n`, ['127.0.0.1:5055/berth/refused@sha256:' + sha256('x')], /^publish .*: a digest names content already pushed; give REPOSITORY\[:TAG\]$/],
    [`services:\n  app:\n    image: ${image}\n    volumes: ["./data:/data"]\n`, ['127.0.0.1:5055/berth/refused:1'], /you are about to publish bind mounts declaration within your OCI artifact\.\n[^]*\napp: .*\/data:\/data\nnot published: confirm with -y \(berth asks no question off a terminal\)$/],
    [`services:\n  app:\n    image: ${image}\n    labels: {token: ghp_${'a1'.repeat(18)}}\n`, ['127.0.0.1:5055/berth/refused:1'], /^you are about to publish sensitive data within your OCI artifact\.\nplease double check that you are not leaking sensitive data\nGithub authentication\n"compose\.yaml": ghp_a1…\nnot published: confirm with -y/],
  ];
  for (const [compose, args, message] of cases) {
    const dir = stackDir(compose);
    writeFileSync(path.join(dir, 'other.yaml'), 'services: {}\n');
    const result = await publish(dir, args);
    assert.equal(result.exitCode, 1, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, message);
  }
  assert.equal(await manifest('berth/refused', '1'), undefined, 'nothing was published');
  assert.equal(await engineSnapshot(), before);
  const missing = await berth(['publish'], { cwd: stackDir('services: {}\n') });
  assert.equal(missing.exitCode, 1);
  assert.match(missing.stderr, /^"berth publish" requires exactly 1 argument\n/);
});

test('publish --with-env -y adds the env files under their hash names; bind mounts pass with -y; --oci-version 1.0', async () => {
  const dir = stackDir(`services:
  app:
    image: ${image}
    env_file: [app.env]
    volumes: ["./data:/data"]
`);
  writeFileSync(path.join(dir, 'app.env'), 'GREETING=hello\n');
  const result = await publish(dir, ['--with-env', '-y', '--oci-version', '1.0', '127.0.0.1:5055/berth/with-env:2']);
  assert.equal(result.exitCode, 0, result.stderr);
  const pushed = await manifest('berth/with-env', '2');
  assert.ok(pushed !== undefined);
  assert.equal(pushed.artifactType, undefined, 'OCI 1.0 has no artifactType');
  assert.equal(pushed.config.mediaType, 'application/vnd.docker.compose.config.empty.v1+json');
  const envName = `${sha256(path.join(dir, 'app.env'))}.env`;
  const envLayer = pushed.layers.find((layer) => layer.mediaType === 'application/vnd.docker.compose.envfile');
  assert.equal(envLayer?.annotations?.['com.docker.compose.envfile'], envName);
  assert.equal(await blob('berth/with-env', envLayer?.digest ?? ''), 'GREETING=hello\n');
  assert.match(await blob('berth/with-env', pushed.layers[0]?.digest ?? ''), new RegExp(`env_file: \\[${envName}\\]`));
});

test('publish --resolve-image-digests adds image-digests.yaml pinning each image to its registry digest', async () => {
  await docker(['tag', 'berth-test/busybox', image]);
  await docker(['push', '-q', image]);
  const head = await fetch(`${registry}/v2/berth/publish-base/manifests/1`, { method: 'HEAD', headers: { Accept: 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json' } });
  const digest = head.headers.get('docker-content-digest');
  assert.match(digest ?? '', /^sha256:[0-9a-f]{64}$/);
  const dir = stackDir(`services:\n  app:\n    image: ${image}\n`);
  const result = await publish(dir, ['--resolve-image-digests', '127.0.0.1:5055/berth/pinned:1']);
  assert.equal(result.exitCode, 0, result.stderr);
  const pushed = await manifest('berth/pinned', '1');
  const override = pushed?.layers.find((layer) => layer.annotations?.['com.docker.compose.file'] === 'image-digests.yaml');
  assert.ok(override !== undefined, 'no image-digests.yaml layer');
  assert.equal(await blob('berth/pinned', override.digest), `services:\n  "app":\n    image: "${image}@${digest}"\n`);
});
