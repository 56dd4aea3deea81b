import { UserError } from '../model/errors.js';
import { Label } from '../model/labels.js';
import { emptyState, type ObservedContainer, type ObservedMount, type ObservedResource, type ObservedState } from '../model/observed.js';
import { DockerNotFoundError, runDocker, type DockerResult } from './docker.js';

/** `docker ps` rows as JSON, with exact label values (`ps --format json` joins labels with commas). */
export const CONTAINER_FORMAT = `{"id":{{json .ID}},"name":{{json .Names}},"state":{{json .State}},"status":{{json .Status}},"image":{{json .Image}},"createdAt":{{json .CreatedAt}},"runningFor":{{json .RunningFor}},"ports":{{json .Ports}},"command":{{json .Command}},"service":{{json (.Label "${Label.service}")}},"number":{{json (.Label "${Label.containerNumber}")}},"oneoff":{{json (.Label "${Label.oneoff}")}},"hash":{{json (.Label "${Label.configHash}")}},"imageId":{{json (.Label "${Label.image}")}},"networks":{{json .Networks}}}`;
export const RESOURCE_FORMAT = `{"id":{{json .ID}},"name":{{json .Name}},"project":{{json (.Label "${Label.project}")}},"key":{{json (.Label "${Label.network}")}},"hash":{{json (.Label "${Label.configHash}")}}}`;
export const VOLUME_FORMAT = `{"name":{{json .Name}},"project":{{json (.Label "${Label.project}")}},"key":{{json (.Label "${Label.volume}")}},"hash":{{json (.Label "${Label.configHash}")}}}`;

export interface ObserveRequest {
  readonly projectName: string;
  /** Volume names the model declares, looked up by name; undefined (no model): the project's volumes by label. */
  readonly volumeNames?: readonly string[];
  /** Image references the model uses. */
  readonly images?: readonly string[];
  /** Ask the engine's API version too (only plans using keys that need a recent engine read it). */
  readonly apiVersion?: boolean;
  /** Dry-run: an unreachable engine yields empty state instead of an error. */
  readonly allowUnreachable?: boolean;
  /** The project's network names: when one of them is duplicated, the containers' endpoints are read too (to repair it). */
  readonly networkNames?: readonly string[];
}

/** What a plan needs read after the first look: mounts of the containers it may replace, endpoints of the networks it recreates. */
export interface FollowUpReads {
  readonly mountsOf: readonly string[];
  readonly endpointsOf: readonly string[];
}

/**
 * The whole snapshot a plan needs, in one call: the first look (every read at once), then only what
 * `decide`, given that look, asks for (mounts, network endpoints; at once too, none on a no-op).
 * Returns the snapshot and the decision, taken once.
 */
export async function observeForPlan<T extends { readonly reads: FollowUpReads }>(request: ObserveRequest, decide: (seen: ObservedState) => T): Promise<{ observed: ObservedState; decision: T }> {
  const seen = await observeProject(request);
  const decision = decide(seen);
  if (!seen.engineReachable) return { observed: seen, decision };
  const { mountsOf, endpointsOf } = decision.reads;
  const [withMounts, endpoints] = await Promise.all([observeMounts(seen, mountsOf), endpointsOf.length === 0 ? undefined : networkEndpoints(endpointsOf)]);
  return { observed: endpoints === undefined ? withMounts : { ...withMounts, endpoints }, decision };
}

/**
 * True when docker's failure says that no engine answered: no socket, a socket that refuses
 * permission, a DOCKER_HOST that is down or cannot be resolved, an unknown context (no docker
 * binary at all is a DockerNotFoundError, see observeProject).
 */
export function isUnreachable(result: DockerResult): boolean {
  return result.exitCode !== 0 && UNREACHABLE.test(result.stderr);
}

const UNREACHABLE = new RegExp([
  'Cannot connect to the Docker daemon',
  'Is the docker daemon running',
  'error during connect',
  'connection refused',
  'permission denied while trying to connect',
  'dial (unix|tcp)',
  'no such host',
  'unable to parse docker host',
  'context "[^"]*" does not exist',
].join('|'), 'i');

/** One read-only look at the engine: the project's containers, networks, volumes and the images it uses. */
export async function observeProject(request: ObserveRequest): Promise<ObservedState> {
  try {
    return await observeEngine(request);
  } catch (error) {
    // The dry-run needs no engine: without a docker CLI it plans from empty state, as when no engine answers.
    if (!(error instanceof DockerNotFoundError) || request.allowUnreachable !== true) throw error;
    return { ...emptyState(request.projectName, false), unreachable: error.message };
  }
}

async function observeEngine(request: ObserveRequest): Promise<ObservedState> {
  const projectFilter = `label=${Label.project}=${request.projectName}`;
  // Everything at once: the engine answers these independently, and a no-op `up` is mostly this wait.
  const [ps, networks, volumes, namedVolumes, images, apiVersion] = await Promise.all([
    runDocker(['ps', '-a', '--no-trunc', '--filter', projectFilter, '--filter', `label=${Label.configHash}`, '--format', CONTAINER_FORMAT]),
    runDocker(['network', 'ls', '--no-trunc', '--format', RESOURCE_FORMAT]),
    // With a model, its declared volumes are looked up by name (one docker process fewer); without, by label.
    request.volumeNames === undefined ? runDocker(['volume', 'ls', '--filter', projectFilter, '--format', VOLUME_FORMAT]) : Promise.resolve({ exitCode: 0, stdout: '', stderr: '' }),
    lookupVolumes(request.volumeNames ?? []),
    inspectImages(request.images ?? []),
    request.apiVersion === true ? engineApiVersion() : Promise.resolve(undefined),
  ]);
  if (isUnreachable(ps)) {
    if (request.allowUnreachable === true) return emptyState(request.projectName, false);
    throw new UserError(`no Docker engine reachable: ${ps.stderr.trim()}`);
  }
  for (const result of [ps, networks, volumes]) {
    if (result.exitCode !== 0) throw new UserError(result.stderr.trim());
  }
  const volumeMap = parseVolumes(volumes.stdout);
  for (const [name, volume] of namedVolumes) if (!volumeMap.has(name)) volumeMap.set(name, volume);
  const containers = parseContainers(ps.stdout);
  const networkMap = parseNetworks(networks.stdout);
  // Only a duplicated network name (rare: racing runs, other tools) needs to know which one each endpoint is on.
  const duplicated = (request.networkNames ?? []).some((name) => (networkMap.get(name)?.duplicates ?? []).length > 0);
  const attachments = duplicated ? await networkAttachments(containers.map((container) => container.id)) : undefined;
  return {
    engineReachable: true,
    projectName: request.projectName,
    containers,
    networks: networkMap,
    volumes: volumeMap,
    images: new Map([...images].map(([reference, image]) => [reference, image.id])),
    imageVolumes: new Map([...images].map(([reference, image]) => [reference, image.volumes])),
    ...(apiVersion === undefined ? {} : { apiVersion }),
    ...(attachments === undefined ? {} : { attachments }),
  };
}

/** The engine's API version ("1.41"), which decides the flags that need a recent engine; undefined if unknown. */
export async function engineApiVersion(): Promise<string | undefined> {
  const result = await runDocker(['version', '--format', '{{.Server.APIVersion}}']);
  const version = result.stdout.trim();
  return result.exitCode === 0 && /^\d+\.\d+$/.test(version) ? version : undefined;
}

function jsonLines(text: string): Record<string, string>[] {
  return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as Record<string, string>);
}

/**
 * A container's own name from `docker ps` `.Names`: with --no-trunc docker lists every name it is
 * known by, comma-joined, the link aliases others gave it as `other/alias` (`p-app-1/db,p-db-1`).
 * The own name is the one without a slash (container names hold neither commas nor slashes).
 */
export function canonicalName(names: string): string {
  const all = names.split(',').map((name) => name.replace(/^\//, ''));
  return all.find((name) => name !== '' && !name.includes('/')) ?? all[0] ?? '';
}

/** `docker ps` rows (CONTAINER_FORMAT, one JSON object a line) as observed containers, sorted by name. */
export function parseContainers(text: string): ObservedContainer[] {
  return jsonLines(text)
    .map((row) => ({
      id: row['id'] ?? '',
      name: canonicalName(row['name'] ?? ''),
      service: row['service'] ?? '',
      number: Number(row['number'] ?? 0) || 0,
      oneoff: row['oneoff'] === 'True',
      state: row['state'] ?? '',
      status: row['status'] ?? '',
      image: row['image'] ?? '',
      configHash: row['hash'] === '' ? undefined : row['hash'],
      imageId: row['imageId'] === '' ? undefined : row['imageId'],
      createdAt: row['createdAt'] ?? '',
      runningFor: row['runningFor'] ?? '',
      ports: row['ports'] ?? '',
      command: row['command'] ?? '',
      networks: (row['networks'] ?? '').split(',').filter((name) => name !== ''),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

function resource(row: Record<string, string>, keyLabel: string): ObservedResource {
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

async function lookupVolumes(names: readonly string[]): Promise<Map<string, ObservedResource>> {
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
}

export const IMAGE_FORMAT = '{"id":{{json .Id}},"tags":{{json .RepoTags}},"volumes":{{json .Config.Volumes}}}';

/** `docker image inspect` rows (IMAGE_FORMAT) matched to the references asked: each found one's ID and VOLUME paths. */
export function parseImages(text: string, references: readonly string[]): Map<string, InspectedImage> {
  const rows = jsonLines(text) as unknown as { id: string; tags: string[] | null; volumes: Record<string, unknown> | null }[];
  // Indexed once: 10,000 references against 10,000 local images must not compare every pair.
  const byTag = new Map<string, (typeof rows)[number]>();
  const byId = new Map<string, (typeof rows)[number]>();
  for (const row of rows) {
    for (const tag of row.tags ?? []) if (!byTag.has(normalizeImageReference(tag))) byTag.set(normalizeImageReference(tag), row);
    if (!byId.has(row.id)) byId.set(row.id, row);
  }
  const found = new Map<string, InspectedImage>();
  for (const reference of new Set(references)) {
    const row = byTag.get(normalizeImageReference(reference)) ?? byId.get(reference) ?? byId.get(`sha256:${reference}`);
    if (row !== undefined) found.set(reference, { id: row.id, volumes: Object.keys(row.volumes ?? {}).sort() });
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

/**
 * Each container's `.Mounts` as JSON: docker 20.10 leaves `Name` out of bind and tmpfs mounts, so a
 * template naming the field fails; the JSON of the whole list has whatever fields docker gives.
 */
export const MOUNTS_FORMAT = '{"id":{{json .Id}},"mounts":{{json .Mounts}}}';

interface InspectedMount {
  readonly Type?: string;
  readonly Name?: string;
  readonly Source?: string;
  readonly Destination?: string;
}

/** One `docker inspect` line (MOUNTS_FORMAT) as the container id and its mounts. */
export function parseMountsLine(line: string): { id: string; mounts: ObservedMount[] } {
  const row = JSON.parse(line) as { id: string; mounts: InspectedMount[] | null };
  return {
    id: row.id,
    mounts: (row.mounts ?? []).map((mount) => ({ type: mount.Type ?? '', name: mount.Name ?? '', source: mount.Source ?? '', destination: mount.Destination ?? '' })),
  };
}

/** `docker inspect` rows (MOUNTS_FORMAT): each container's mounts, by id. */
export function parseMounts(text: string): Map<string, ObservedMount[]> {
  return new Map(text.split('\n').filter((line) => line.trim() !== '').map((line) => {
    const row = parseMountsLine(line);
    return [row.id, row.mounts];
  }));
}

/** The mounts of the given containers, by id (one `docker inspect`; none when no ids). */
export async function inspectMounts(ids: readonly string[]): Promise<Map<string, ObservedMount[]>> {
  if (ids.length === 0) return new Map();
  const result = await runDocker(['inspect', '--type', 'container', '--format', MOUNTS_FORMAT, ...ids]);
  if (result.exitCode !== 0) throw new UserError(result.stderr.trim());
  return parseMounts(result.stdout);
}

/** The state with the mounts of the given containers filled in (one `docker inspect`; none when no ids). */
export async function observeMounts(observed: ObservedState, ids: readonly string[]): Promise<ObservedState> {
  if (ids.length === 0 || !observed.engineReachable) return observed;
  const mounts = await inspectMounts(ids);
  return {
    ...observed,
    containers: observed.containers.map((container) => {
      const found = mounts.get(container.id);
      return found === undefined ? container : { ...container, mounts: found };
    }),
  };
}

export const ENDPOINTS_FORMAT = '{"name":{{json .Name}},"containers":[{{range $id, $c := .Containers}}{"id":{{json $id}},"name":{{json $c.Name}}},{{end}}{}]}';

/** `docker network inspect` rows (ENDPOINTS_FORMAT): the containers (ID, name) on each network. */
export function parseEndpoints(text: string): Map<string, { id: string; name: string }[]> {
  const rows = jsonLines(text) as unknown as { name: string; containers: { id?: string; name?: string }[] }[];
  return new Map(rows.map((row) => [row.name, row.containers.flatMap((container) => (container.id === undefined ? [] : [{ id: container.id, name: container.name ?? '' }]))]));
}

/** The containers with an endpoint on each network (`docker network inspect`, by name or ID; running ones only). */
export async function networkEndpoints(refs: readonly string[]): Promise<Map<string, { id: string; name: string }[]>> {
  if (refs.length === 0) return new Map();
  const result = await runDocker(['network', 'inspect', '--format', ENDPOINTS_FORMAT, ...refs]);
  if (result.exitCode !== 0) throw new UserError(result.stderr.trim());
  return parseEndpoints(result.stdout);
}

export const ATTACHMENTS_FORMAT = '{"id":{{json .Id}},"networks":{{json .NetworkSettings.Networks}}}';

/** `docker inspect` rows (ATTACHMENTS_FORMAT): per container, the ID of the network each endpoint is on. */
export function parseAttachments(text: string): Map<string, Map<string, string>> {
  const rows = jsonLines(text) as unknown as { id: string; networks: Record<string, { NetworkID?: string }> | null }[];
  return new Map(rows.map((row) => [row.id, new Map(Object.entries(row.networks ?? {}).map(([name, endpoint]) => [name, endpoint.NetworkID ?? '']))]));
}

/** For each container, the ID of the network each of its endpoints names ('' for a container never started). */
export async function networkAttachments(ids: readonly string[]): Promise<Map<string, Map<string, string>>> {
  if (ids.length === 0) return new Map();
  const result = await runDocker(['inspect', '--type', 'container', '--format', ATTACHMENTS_FORMAT, ...ids]);
  if (result.exitCode !== 0) throw new UserError(result.stderr.trim());
  return parseAttachments(result.stdout);
}
