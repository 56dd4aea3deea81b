import { Label } from '../model/labels.js';
import type { ObservedResource } from '../model/observed.js';
import { runDocker, type DockerResult } from './docker.js';

/** Reads of the networks, volumes and images a project uses, each kind by its own docker command. */

export const RESOURCE_FORMAT = `{"id":{{json .ID}},"name":{{json .Name}},"project":{{json (.Label "${Label.project}")}},"key":{{json (.Label "${Label.network}")}},"hash":{{json (.Label "${Label.configHash}")}}}`;
export const VOLUME_FORMAT = `{"name":{{json .Name}},"project":{{json (.Label "${Label.project}")}},"key":{{json (.Label "${Label.volume}")}},"hash":{{json (.Label "${Label.configHash}")}}}`;

/** Output of a `--format` template printing one JSON object a line, parsed. */
export function jsonLines(text: string): Record<string, string>[] {
  return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as Record<string, string>);
}

export function resource(row: Record<string, string>, keyLabel: string): ObservedResource {
  const labels: Record<string, string> = {};
  if (row['project']) labels[Label.project] = row['project'];
  if (row['key']) labels[keyLabel] = row['key'];
  if (row['hash']) labels[Label.configHash] = row['hash'];
  return { id: row['id'] ?? row['name'] ?? '', name: row['name'] ?? '', labels };
}

/** `docker network ls` rows by name; networks sharing a name are kept as the first one's `duplicates`. */
export function parseNetworks(text: string): Map<string, ObservedResource> {
  const networks = new Map<string, ObservedResource>();
  for (const network of jsonLines(text).map((row) => resource(row, Label.network))) {
    const first = networks.get(network.name);
    networks.set(network.name, first === undefined ? network : { ...first, duplicates: [...(first.duplicates ?? []), network] });
  }
  return networks;
}

/** `docker volume ls` / `volume inspect` rows (VOLUME_FORMAT, VOLUME_INSPECT_FORMAT) by name. */
export function parseVolumes(text: string): Map<string, ObservedResource> {
  return new Map(jsonLines(text).map((row) => [row['name'] ?? '', resource(row, Label.volume)]));
}

export const VOLUME_INSPECT_FORMAT = `{"name":{{json .Name}},"project":{{json (index .Labels "${Label.project}")}},"key":{{json (index .Labels "${Label.volume}")}},"hash":{{json (index .Labels "${Label.configHash}")}}}`;

export async function lookupVolumes(names: readonly string[]): Promise<Map<string, ObservedResource>> {
  if (names.length === 0) return new Map();
  const result = await runDocker(['volume', 'inspect', '--format', VOLUME_INSPECT_FORMAT, ...names]);
  return parseVolumes(result.stdout);
}

/** `name` → `name:latest`, with the implicit docker.io/library/ prefix removed, for comparing references. */
export function normalizeImageReference(reference: string): string {
  let name = reference.replace(/^docker\.io\/(library\/)?/, '');
  const lastSegment = name.slice(name.lastIndexOf('/') + 1);
  if (!lastSegment.includes(':') && !name.includes('@')) name += ':latest';
  return name;
}

/** A local image: its ID and the paths its `VOLUME` instructions declare. */
export interface InspectedImage {
  readonly id: string;
  readonly volumes: readonly string[];
  /** When the engine last tagged it (ms since the epoch; 0 when never or unknown). */
  readonly tagged: number;
}

export const IMAGE_FORMAT = '{"id":{{json .Id}},"tags":{{json .RepoTags}},"volumes":{{json .Config.Volumes}},"tagged":{{json .Metadata.LastTagTime}}}';

/** LastTagTime as ms since the epoch; Go's zero time (never tagged) and anything unreadable are 0. */
export function tagTime(text: string | undefined): number {
  const ms = Date.parse(text ?? '');
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

/** `docker image inspect` rows (IMAGE_FORMAT) matched to the references asked: each found one's ID and VOLUME paths. */
export function parseImages(text: string, references: readonly string[]): Map<string, InspectedImage> {
  const rows = jsonLines(text) as unknown as { id: string; tags: string[] | null; volumes: Record<string, unknown> | null; tagged?: string }[];
  // Indexed once: 10,000 references against 10,000 local images must not compare every pair.
  const byTag = new Map<string, (typeof rows)[number]>();
  const byId = new Map<string, (typeof rows)[number]>();
  for (const row of rows) {
    for (const tag of row.tags ?? []) {
      const normalized = normalizeImageReference(tag);
      if (!byTag.has(normalized)) byTag.set(normalized, row);
    }
    if (!byId.has(row.id)) byId.set(row.id, row);
  }
  const found = new Map<string, InspectedImage>();
  for (const reference of new Set(references)) {
    const row = byTag.get(normalizeImageReference(reference)) ?? byId.get(reference) ?? byId.get(`sha256:${reference}`);
    if (row !== undefined) found.set(reference, { id: row.id, volumes: Object.keys(row.volumes ?? {}).sort(), tagged: tagTime(row.tagged) });
  }
  return found;
}

/**
 * Past this many references, one `docker image ls` first: `image inspect` asks the daemon once per
 * reference, and 10,000 references that mostly do not exist yet cost seconds of the engine's time.
 */
export const IMAGE_LIST_THRESHOLD = 64;

export const IMAGE_LIST_FORMAT = '{"id":{{json .ID}},"repository":{{json .Repository}},"tag":{{json .Tag}}}';

/**
 * The references worth inspecting, given `docker image ls --no-trunc` rows (IMAGE_LIST_FORMAT): those
 * a local tag matches, and those the listing cannot answer (digests, IDs), which inspect resolves.
 */
export function referencesListed(text: string, references: readonly string[]): string[] {
  const tags = new Set<string>();
  for (const row of jsonLines(text)) {
    if (row['repository'] !== undefined && row['repository'] !== '<none>' && row['tag'] !== '<none>') tags.add(normalizeImageReference(`${row['repository']}:${row['tag']}`));
  }
  const answeredByListing = (reference: string): boolean => !reference.includes('@') && !/^(sha256:)?[0-9a-f]{12,64}$/.test(reference);
  return references.filter((reference) => !answeredByListing(reference) || tags.has(normalizeImageReference(reference)));
}

/** The local images of the references that exist; missing references are simply absent. */
export async function inspectImages(references: readonly string[]): Promise<Map<string, InspectedImage>> {
  let unique = [...new Set(references)];
  if (unique.length > IMAGE_LIST_THRESHOLD) {
    const listing = await runDocker(['image', 'ls', '--no-trunc', '--format', IMAGE_LIST_FORMAT]);
    if (listing.exitCode === 0) unique = referencesListed(listing.stdout, unique);
  }
  if (unique.length === 0) return new Map();
  const result = await runDocker(['image', 'inspect', '--format', IMAGE_FORMAT, ...unique]);
  return parseImages(result.stdout, unique);
}

/** Local image IDs of the references that exist; missing references are simply absent. */
export async function lookupImages(references: readonly string[]): Promise<Map<string, string>> {
  return new Map([...(await inspectImages(references))].map(([reference, image]) => [reference, image.id]));
}

/** The project's networks, volumes and images as a plan sees them. */
export interface ResourceMaps {
  readonly networks: Map<string, ObservedResource>;
  readonly volumes: Map<string, ObservedResource>;
  readonly images: Map<string, InspectedImage>;
  /** A listing docker refused, for the caller to report once it knows the engine answered at all. */
  readonly failed?: DockerResult;
}

/** No networks, volumes or images: fresh maps each time, so no caller shares another's. */
export function noResources(): ResourceMaps {
  return { networks: new Map(), volumes: new Map(), images: new Map() };
}

/** What readResources is asked: declared volume names (undefined: the project's volumes by label) and image references. */
export interface ResourceRequest {
  readonly projectName: string;
  readonly volumeNames?: readonly string[] | undefined;
  readonly images?: readonly string[] | undefined;
}

/**
 * Each kind by its own command, at once: every network (`network ls`, which shows duplicated names),
 * the declared volumes by name (or the project's by label), the images.
 */
export async function readResources(request: ResourceRequest): Promise<ResourceMaps> {
  const projectFilter = `label=${Label.project}=${request.projectName}`;
  const [networks, volumes, namedVolumes, images] = await Promise.all([
    runDocker(['network', 'ls', '--no-trunc', '--format', RESOURCE_FORMAT]),
    request.volumeNames === undefined ? runDocker(['volume', 'ls', '--filter', projectFilter, '--format', VOLUME_FORMAT]) : Promise.resolve({ exitCode: 0, stdout: '', stderr: '' }),
    lookupVolumes(request.volumeNames ?? []),
    inspectImages(request.images ?? []),
  ]);
  const failed = [networks, volumes].find((result) => result.exitCode !== 0);
  const volumeMap = parseVolumes(volumes.stdout);
  for (const [name, volume] of namedVolumes) if (!volumeMap.has(name)) volumeMap.set(name, volume);
  return { networks: parseNetworks(networks.stdout), volumes: volumeMap, images, ...(failed === undefined ? {} : { failed }) };
}
