/**
 * `publish`: the Compose files as an OCI artifact, in docker compose's format (its internal/oci):
 * an image manifest whose `artifactType` is `application/vnd.docker.compose.project` (OCI 1.1; the
 * 1.0 fallback says so by its config's media type instead), one `application/vnd.docker.compose.file+yaml`
 * layer per Compose file, extends files and (with --with-env) env files as further layers. Pure: the
 * CLI reads the files and the engine module talks to the registry.
 */
import { createHash } from 'node:crypto';
import { IMAGE_REFERENCE } from '../config/canonical/value-rules.js';
import { BERTH_VERSION } from '../model/labels.js';
import { UserError } from '../model/errors.js';
import type { Project } from '../model/project.js';

export const COMPOSE_PROJECT_ARTIFACT_TYPE = 'application/vnd.docker.compose.project';
export const COMPOSE_FILE_MEDIA_TYPE = 'application/vnd.docker.compose.file+yaml';
export const COMPOSE_ENV_FILE_MEDIA_TYPE = 'application/vnd.docker.compose.envfile';
export const COMPOSE_EMPTY_CONFIG_MEDIA_TYPE = 'application/vnd.docker.compose.config.empty.v1+json';
export const OCI_MANIFEST_MEDIA_TYPE = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_EMPTY_MEDIA_TYPE = 'application/vnd.oci.empty.v1+json';

export type OciVersion = '1.0' | '1.1';

/** A repository reference split as the registry API wants it. */
export interface RepositoryReference {
  /** Registry host (with port), `registry-1.docker.io` for Docker Hub. */
  readonly registry: string;
  /** Repository path in that registry (`library/x` for an official Docker Hub name). */
  readonly repository: string;
  readonly tag: string;
  /** As the user wrote it, for messages. */
  readonly text: string;
}

/** `REPOSITORY[:TAG]` as docker reads it (default tag `latest`); a digest or bad grammar is refused. */
export function parseRepository(text: string): RepositoryReference {
  const match = IMAGE_REFERENCE.exec(text);
  if (match === null) throw new UserError(`invalid reference format: ${JSON.stringify(text)}${IMAGE_REFERENCE.test(text.toLowerCase()) ? ': repository name must be lowercase' : ''}`);
  if (text.includes('@')) throw new UserError(`publish ${text}: a digest names content already pushed; give REPOSITORY[:TAG]`);
  const name = match[1] as string;
  const tag = text.length > name.length ? text.slice(name.length + 1) : 'latest';
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  const hasDomain = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase());
  if (!hasDomain) return { registry: 'registry-1.docker.io', repository: slash < 0 ? `library/${name}` : name, tag, text };
  const registry = first === 'docker.io' || first === 'index.docker.io' ? 'registry-1.docker.io' : first;
  const path = name.slice(slash + 1);
  return { registry, repository: registry === 'registry-1.docker.io' && !path.includes('/') ? `library/${path}` : path, tag, text };
}

/** One piece of content of the artifact, as an OCI descriptor (Go's field order) with its bytes. */
export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly annotations?: Readonly<Record<string, string>>;
  /** The bytes, base64 in the manifest (compose embeds each layer's content). */
  readonly data?: string;
  readonly artifactType?: string;
}

/** A blob to push, and the manifest that names it. */
export interface Blob {
  readonly digest: string;
  readonly content: Buffer;
}

export function sha256Digest(content: Buffer): string {
  return `sha256:${createHash('sha256').update(content).digest('hex')}`;
}

function descriptor(mediaType: string, content: Buffer, annotations?: Record<string, string>): Descriptor {
  return { mediaType, digest: sha256Digest(content), size: content.length, ...(annotations === undefined ? {} : { annotations: sortedRecord(annotations) }), data: content.toString('base64') };
}

function sortedRecord(record: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** What goes in the artifact: the Compose files (already rewritten to name their env and extends files by hash), and those files. */
export interface ArtifactFiles {
  /** Compose files in `-f` order: the name shown (base name) and content. */
  readonly composeFiles: ReadonlyArray<{ readonly name: string; readonly content: Buffer }>;
  /** Files `extends` reads, under their hash names (`<sha256>.yaml`). */
  readonly extendsFiles: ReadonlyArray<{ readonly name: string; readonly content: Buffer }>;
  /** Env files (--with-env only), under their hash names (`<sha256>.env`). */
  readonly envFiles: ReadonlyArray<{ readonly name: string; readonly content: Buffer }>;
  /** --resolve-image-digests: the override pinning each image, `image-digests.yaml`. */
  readonly imageDigests?: Buffer;
}

/** compose's name for a file it publishes by hash: sha256 of its (absolute) path, hex, plus the extension. */
export function hashedName(path: string, extension: '.env' | '.yaml'): string {
  return `${createHash('sha256').update(path).digest('hex')}${extension}`;
}

/** The layers, in compose's order: the Compose files, the extends files, the env files, the digests override. */
export function artifactLayers(files: ArtifactFiles): Descriptor[] {
  const version = { 'com.docker.compose.version': BERTH_VERSION };
  return [
    ...files.composeFiles.map(({ name, content }) => descriptor(COMPOSE_FILE_MEDIA_TYPE, content, { ...version, 'com.docker.compose.file': name })),
    ...files.extendsFiles.map(({ name, content }) => descriptor(COMPOSE_FILE_MEDIA_TYPE, content, { ...version, 'com.docker.compose.file': name, 'com.docker.compose.extends': 'true' })),
    ...files.envFiles.map(({ name, content }) => descriptor(COMPOSE_ENV_FILE_MEDIA_TYPE, content, { ...version, 'com.docker.compose.envfile': name })),
    ...(files.imageDigests === undefined ? [] : [descriptor(COMPOSE_FILE_MEDIA_TYPE, files.imageDigests, { ...version, 'com.docker.compose.file': 'image-digests.yaml' })]),
  ];
}

/** The manifest of the artifact for one OCI version: its bytes and the blobs it needs pushed first (config and layers). */
export function artifactManifest(layers: readonly Descriptor[], version: OciVersion, created: string): { manifest: Buffer; digest: string; blobs: Blob[] } {
  const configContent = Buffer.from('{}');
  const config = descriptor(version === '1.1' ? OCI_EMPTY_MEDIA_TYPE : COMPOSE_EMPTY_CONFIG_MEDIA_TYPE, configContent);
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST_MEDIA_TYPE,
    ...(version === '1.1' ? { artifactType: COMPOSE_PROJECT_ARTIFACT_TYPE } : {}),
    config,
    layers,
    annotations: { 'org.opencontainers.image.created': created },
  }));
  const blobs = [{ digest: config.digest, content: configContent }, ...layers.map((layer) => ({ digest: layer.digest, content: Buffer.from(layer.data ?? '', 'base64') }))];
  return { manifest, digest: sha256Digest(manifest), blobs };
}

/** What publish refuses or asks about before anything is pushed, as compose's preChecks. */
export interface PublishFindings {
  /** Services with `build:` and no `image:` (refused: nothing to pull them from). */
  readonly buildOnly: readonly string[];
  /** `service "x" has environment variable(s) declared.`, `service "x" has env_file declared.`, `config "c" is declare as an environment variable.` */
  readonly environment: readonly string[];
  /** The environment values that would be published, for the question (`Service/Config  x` then `KEY=VALUE` lines). */
  readonly environmentValues: ReadonlyArray<{ readonly owner: string; readonly values: Readonly<Record<string, string>> }>;
  /** Bind mounts: `service: source:target`. */
  readonly bindMounts: readonly string[];
}

/** The project's findings; `envFileServices`: services whose raw files declare env_file (the model has merged them). */
export function publishFindings(project: Project, envFileServices: ReadonlySet<string>): PublishFindings {
  const services = Object.values(project.services).sort((a, b) => a.name.localeCompare(b.name));
  const environment: string[] = [];
  const environmentValues: Array<{ owner: string; values: Record<string, string> }> = [];
  for (const service of services) {
    if (envFileServices.has(service.name)) environment.push(`service "${service.name}" has env_file declared.`);
    const values = Object.entries(service.environment ?? {});
    if (values.length > 0) {
      environment.push(`service "${service.name}" has environment variable(s) declared.`);
      environmentValues.push({ owner: service.name, values: Object.fromEntries(values.map(([key, value]) => [key, value ?? ''])) });
    }
  }
  for (const [name, config] of Object.entries(project.configs).sort(([a], [b]) => a.localeCompare(b))) {
    if (config.environment === undefined) continue;
    environment.push(`config "${name}" is declare as an environment variable.`);
    environmentValues.push({ owner: name, values: { [name]: config.environment } });
  }
  return {
    buildOnly: services.filter((service) => service.build !== undefined && service.image === undefined).map((service) => service.name),
    environment,
    environmentValues,
    bindMounts: services.flatMap((service) => (service.volumes ?? []).filter((volume) => volume.type === 'bind').map((volume) => `${service.name}: ${volume.source ?? ''}:${volume.target}${volume.read_only === true ? ':ro' : ''}`)),
  };
}

/** compose's refusals, in its words: build-only services, and environment without --with-env. */
export function publishRefusal(findings: PublishFindings, withEnv: boolean): string | undefined {
  if (findings.buildOnly.length > 0) return `your Compose stack cannot be published as it only contains a build section for service(s):\n${findings.buildOnly.map((name) => `- "${name}"`).join('\n')}`;
  if (!withEnv && findings.environment.length > 0) {
    return `${findings.environment.join('\n')}\nTo avoid leaking sensitive data, you must either explicitly allow the sending of environment variables by using the --with-env flag,\nor remove sensitive data from your Compose configuration`;
  }
  return undefined;
}

/**
 * Credentials the published files would carry, by the shapes of the common detectors compose's
 * scanner (DefangLabs' secret-detector) also has: cloud keys, tokens, private keys, JWTs. A subset:
 * what matches is asked about, never proof that the rest is clean.
 */
const SENSITIVE_PATTERNS: ReadonlyArray<readonly [string, RegExp]> = [
  ['AWS Client ID', /\b(?:A3T[A-Z0-9]|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA)[A-Z0-9]{16}\b/g],
  ['Github authentication', /\bgh[pousr]_[A-Za-z0-9]{36,}\b/g],
  ['Private Key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/g],
  ['JSON Web Token', /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g],
  ['Slack token', /\bxox[abprs]-[A-Za-z0-9-]{10,}/g],
  ['Stripe API key', /\b[sr]k_live_[A-Za-z0-9]{20,}\b/g],
];

/** `Type` then `"file": abcd…` for each credential-shaped value of the published files (shown cut, never whole). */
export function sensitiveData(files: ArtifactFiles): string[] {
  const found: string[] = [];
  for (const { name, content } of [...files.composeFiles, ...files.extendsFiles, ...files.envFiles]) {
    const text = content.toString('utf8');
    for (const [type, pattern] of SENSITIVE_PATTERNS) {
      for (const match of text.matchAll(pattern)) found.push(`${type}\n${JSON.stringify(name)}: ${match[0].slice(0, 6)}…`);
    }
  }
  return found;
}

/** compose's questions (each must be answered yes, or -y): bind mount declarations, sensitive data, then the environment values published. */
export function publishQuestions(findings: PublishFindings, withEnv: boolean, sensitive: readonly string[] = []): string[] {
  const questions: string[] = [];
  if (findings.bindMounts.length > 0) {
    questions.push(`you are about to publish bind mounts declaration within your OCI artifact.\nonly the bind mount declarations will be added to the OCI artifact (not content)\nplease double check that you are not mounting potential user's sensitive directories or data\n${findings.bindMounts.join('\n')}\nAre you ok to publish these bind mount declarations?`);
  }
  if (sensitive.length > 0) {
    questions.push(`you are about to publish sensitive data within your OCI artifact.\nplease double check that you are not leaking sensitive data\n${sensitive.join('\n')}\nAre you ok to publish these sensitive data?`);
  }
  if (withEnv && findings.environmentValues.length > 0) {
    const listed = findings.environmentValues.map(({ owner, values }) => `Service/Config  ${owner}\n${Object.entries(values).map(([key, value]) => `${key}=${value}`).join('\n')}`).join('\n');
    questions.push(`you are about to publish environment variables within your OCI artifact.\nplease double check that you are not leaking sensitive data\n${listed}\nAre you ok to publish these environment variables?`);
  }
  return questions;
}

/** The --resolve-image-digests override: each service's image pinned to the digest the registry gave. */
export function imageDigestsOverride(pinned: ReadonlyMap<string, string>): Buffer {
  const lines = ['services:'];
  for (const [service, image] of [...pinned].sort(([a], [b]) => a.localeCompare(b))) lines.push(`  ${JSON.stringify(service)}:`, `    image: ${JSON.stringify(image)}`);
  return Buffer.from(`${lines.join('\n')}\n`);
}
