/**
 * A small client of the OCI distribution API (Node's fetch), for `publish`: blob uploads, manifest
 * puts, and manifest digests for --resolve-image-digests. Loopback registries are spoken to over
 * plain HTTP (as containerd's resolver does for localhost), every other one over HTTPS. Credentials
 * are docker's (config.json `auths`, or its credential helper), asked for only when the registry
 * challenges: Basic, or a Bearer token from the realm it names.
 */
import { UserError } from '../model/errors.js';
import type { Blob } from '../plan/publish.js';

export interface RegistryCredentials {
  readonly username: string;
  readonly password: string;
}

export type CredentialSource = (registry: string) => Promise<RegistryCredentials | undefined>;

/** A registry refused a request: its status and the text of its answer. */
export class RegistryError extends UserError {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function isLoopback(registry: string): boolean {
  const host = registry.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** `key="value", key2=value2` pairs of a WWW-Authenticate challenge. */
function challengeParameters(text: string): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const match of text.matchAll(/([A-Za-z_]+)="?([^",]*)"?/g)) parameters[(match[1] as string).toLowerCase()] = match[2] as string;
  return parameters;
}

export class RegistryClient {
  private authorization: string | undefined;
  private readonly base: string;

  constructor(readonly registry: string, readonly repository: string, private readonly credentials: CredentialSource) {
    this.base = `${isLoopback(registry) ? 'http' : 'https'}://${registry}`;
  }

  /** One request, answering an auth challenge once; network failures are a located user error. */
  private async request(method: string, url: string, init: { headers?: Record<string, string>; body?: Buffer } = {}): Promise<Response> {
    const send = (): Promise<Response> => fetch(new URL(url, this.base), {
      method,
      headers: { ...init.headers, ...(this.authorization === undefined ? {} : { Authorization: this.authorization }) },
      ...(init.body === undefined ? {} : { body: init.body }),
      redirect: 'follow',
    }).catch((error: unknown) => {
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      throw new UserError(`cannot reach registry ${this.registry} (${this.base}): ${cause}`);
    });
    const response = await send();
    if (response.status !== 401 || this.authorization !== undefined) return response;
    await response.arrayBuffer();
    await this.authenticate(response.headers.get('www-authenticate') ?? '');
    return send();
  }

  private async authenticate(challenge: string): Promise<void> {
    const credentials = await this.credentials(this.registry);
    const basic = credentials === undefined ? undefined : `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
    if (/^basic/i.test(challenge)) {
      if (basic === undefined) throw new UserError(`registry ${this.registry} asks for credentials: run docker login ${this.registry}`);
      this.authorization = basic;
      return;
    }
    const { realm, service } = challengeParameters(challenge.replace(/^bearer\s+/i, ''));
    if (realm === undefined) throw new UserError(`registry ${this.registry} refused access and named no way to authenticate`);
    const url = new URL(realm);
    if (service !== undefined) url.searchParams.set('service', service);
    url.searchParams.set('scope', `repository:${this.repository}:pull,push`);
    const answer = await fetch(url, { headers: basic === undefined ? {} : { Authorization: basic } }).catch((error: unknown) => {
      throw new UserError(`cannot reach the token service of ${this.registry} (${realm}): ${error instanceof Error ? error.message : String(error)}`);
    });
    if (!answer.ok) throw new UserError(`registry ${this.registry} refused a token (${answer.status})${basic === undefined ? `: run docker login ${this.registry}` : ''}`);
    const body = (await answer.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (token === undefined) throw new UserError(`registry ${this.registry}: the token service answered without a token`);
    this.authorization = `Bearer ${token}`;
  }

  private async refused(response: Response, what: string): Promise<RegistryError> {
    const text = (await response.text()).trim();
    let detail = text;
    try {
      const errors = (JSON.parse(text) as { errors?: Array<{ code?: string; message?: string }> }).errors ?? [];
      if (errors.length > 0) detail = errors.map((error) => [error.code, error.message].filter(Boolean).join(': ')).join('; ');
    } catch {
      // Not JSON: the text as it came.
    }
    return new RegistryError(response.status, `${what}: ${this.registry} answered ${response.status}${detail === '' ? '' : ` (${detail})`}`);
  }

  /** Uploads a blob unless the repository has it already (POST an upload, then PUT its content with the digest). */
  async pushBlob(blob: Blob): Promise<void> {
    const path = `/v2/${this.repository}`;
    const existing = await this.request('HEAD', `${path}/blobs/${blob.digest}`);
    if (existing.ok) return;
    const started = await this.request('POST', `${path}/blobs/uploads/`);
    if (started.status !== 202) throw await this.refused(started, `upload of ${blob.digest}`);
    const location = new URL(started.headers.get('location') ?? '', this.base);
    location.searchParams.set('digest', blob.digest);
    const put = await this.request('PUT', location.href, { headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(blob.content.length) }, body: blob.content });
    if (put.status !== 201) throw await this.refused(put, `upload of ${blob.digest}`);
  }

  /** Puts a manifest under `reference` (a tag). */
  async putManifest(reference: string, manifest: Buffer, mediaType: string): Promise<void> {
    const response = await this.request('PUT', `/v2/${this.repository}/manifests/${reference}`, { headers: { 'Content-Type': mediaType }, body: manifest });
    if (response.status !== 201 && response.status !== 200) throw await this.refused(response, `manifest ${this.repository}:${reference}`);
    await response.arrayBuffer();
  }

  /** The digest of the manifest (or index) a tag names, as the registry reports it. */
  async manifestDigest(reference: string): Promise<string> {
    const accept = [
      'application/vnd.oci.image.index.v1+json',
      'application/vnd.docker.distribution.manifest.list.v2+json',
      'application/vnd.oci.image.manifest.v1+json',
      'application/vnd.docker.distribution.manifest.v2+json',
    ].join(', ');
    const response = await this.request('HEAD', `/v2/${this.repository}/manifests/${reference}`, { headers: { Accept: accept } });
    const digest = response.headers.get('docker-content-digest');
    if (!response.ok || digest === null) throw await this.refused(response, `digest of ${this.repository}:${reference}`);
    return digest;
  }
}
