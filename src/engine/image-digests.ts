/**
 * `config --resolve-image-digests`: each image reference pinned to its digest, as compose's
 * WithImagesResolved writes it (`docker.io/library/redis:7@sha256:...`). compose asks the registry;
 * berth reads the repository digests the engine recorded when the image was pulled or pushed
 * (`docker image inspect` RepoDigests), so no registry is contacted: an image that is not local, or
 * was only built or loaded here, has no digest to pin, and that is an error naming the image.
 */
import { UserError } from '../model/errors.js';
import { runDocker } from './docker.js';

/** A reference read as the docker CLI's distribution/reference package reads it. */
export interface ImageReference {
  /** Fully qualified repository: `docker.io/library/redis`, `127.0.0.1:5055/app`. */
  readonly repository: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
}

/** `redis` → docker.io/library/redis, tag latest; `host:5000/app@sha256:x` → its digest, no tag. */
export function parseImageReference(text: string): ImageReference {
  const at = text.indexOf('@');
  const digest = at < 0 ? undefined : text.slice(at + 1);
  const named = at < 0 ? text : text.slice(0, at);
  const colon = named.lastIndexOf(':');
  const hasTag = colon > named.lastIndexOf('/');
  const name = hasTag ? named.slice(0, colon) : named;
  const explicitTag = hasTag ? named.slice(colon + 1) : undefined;
  return {
    repository: qualifiedRepository(name),
    // compose's ParseDockerRef: a digest wins over a tag; no tag and no digest means latest.
    tag: digest === undefined ? explicitTag ?? 'latest' : undefined,
    digest,
  };
}

function qualifiedRepository(name: string): string {
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  const isDomain = first.includes('.') || first.includes(':') || first === 'localhost';
  if (!isDomain) return `docker.io/${slash < 0 ? `library/${name}` : name}`;
  return first === 'index.docker.io' ? `docker.io${name.slice(slash)}` : name;
}

export function referenceText(reference: ImageReference): string {
  return `${reference.repository}${reference.tag === undefined ? '' : `:${reference.tag}`}${reference.digest === undefined ? '' : `@${reference.digest}`}`;
}

/** The digest the engine recorded for `reference`'s repository among an image's RepoDigests. */
export function matchingRepoDigest(reference: ImageReference, repoDigests: readonly string[]): string | undefined {
  for (const entry of repoDigests) {
    const parsed = parseImageReference(entry);
    if (parsed.repository === reference.repository && parsed.digest !== undefined) return parsed.digest;
  }
  return undefined;
}

/** Each distinct image pinned: `repository:tag@digest` (already pinned ones only qualified). */
export async function resolveImageDigests(images: readonly string[]): Promise<Map<string, string>> {
  const distinct = [...new Set(images)];
  const pinned = await Promise.all(distinct.map(async (image) => [image, await pinImage(image)] as const));
  return new Map(pinned);
}

async function pinImage(image: string): Promise<string> {
  const reference = parseImageReference(image);
  if (reference.digest !== undefined) return referenceText(reference);
  const failure = (why: string): UserError => new UserError(`failed to resolve digest for ${referenceText(reference)}: ${why}`);
  const inspected = await runDocker(['image', 'inspect', '--format', '{{json .RepoDigests}}', image]);
  if (inspected.exitCode !== 0) {
    if (/no such image/i.test(inspected.stderr)) throw failure('no such image on this engine (berth pins the digest an image was pulled or pushed with: pull it first)');
    throw failure(inspected.stderr.trim().split('\n')[0] ?? `docker image inspect exited with ${inspected.exitCode}`);
  }
  const digest = matchingRepoDigest(reference, JSON.parse(inspected.stdout.trim() || '[]') as string[] ?? []);
  if (digest === undefined) throw failure('the local image has no repository digest (it was built or loaded here, never pulled from or pushed to a registry)');
  return referenceText({ ...reference, digest });
}
