import { UserError } from '../model/errors.js';
import { Label } from '../model/labels.js';
import { emptyState, type ObservedContainer, type ObservedMount, type ObservedState } from '../model/observed.js';
import { DockerNotFoundError, runDocker, type DockerResult } from './docker.js';
import { combinedReferences, inspectCombined } from './observe-combined.js';
import { jsonLines, noResources, readResources } from './observe-resources.js';
import { engineEndpoint } from './project-lock.js';

/** `docker ps` rows as JSON, with exact label values (`ps --format json` joins labels with commas). */
export const CONTAINER_FORMAT = `{"id":{{json .ID}},"name":{{json .Names}},"state":{{json .State}},"status":{{json .Status}},"image":{{json .Image}},"createdAt":{{json .CreatedAt}},"runningFor":{{json .RunningFor}},"ports":{{json .Ports}},"command":{{json .Command}},"service":{{json (.Label "${Label.service}")}},"number":{{json (.Label "${Label.containerNumber}")}},"oneoff":{{json (.Label "${Label.oneoff}")}},"hash":{{json (.Label "${Label.configHash}")}},"imageId":{{json (.Label "${Label.image}")}},"networks":{{json .Networks}}}`;

export interface ObserveRequest {
  readonly projectName: string;
  /** Volume names the model declares, looked up by name; undefined (no model): the project's volumes by label. */
  readonly volumeNames?: readonly string[];
  /** Image references the model uses. */
  readonly images?: readonly string[];
  /** Ask the engine's API version too (only plans using keys that need a recent engine read it). */
  readonly apiVersion?: boolean;
  /** Only the containers: networks, volumes and images are not read (their maps stay empty). */
  readonly containersOnly?: boolean;
  /** Dry-run: an unreachable engine yields empty state instead of an error. */
  readonly allowUnreachable?: boolean;
  /**
   * The network names the model declares (external ones too): with volumeNames, they let one docker
   * process read networks, volumes and images together; when one is duplicated, the containers'
   * endpoints are read too (to repair it).
   */
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
  // With a model, the networks, volumes and images it names in one docker process (see observe-combined).
  const combined = request.volumeNames === undefined || request.networkNames === undefined ? undefined : combinedReferences(request.networkNames, request.volumeNames, request.images ?? []);
  // Everything at once: the engine answers these independently, and a no-op `up` is mostly this wait.
  const [ps, firstLook, apiVersion] = await Promise.all([
    runDocker(['ps', '-a', '--no-trunc', '--filter', projectFilter, '--filter', `label=${Label.configHash}`, '--format', CONTAINER_FORMAT]),
    request.containersOnly === true ? noResources() : combined === undefined ? readResources(request) : inspectCombined(combined),
    request.apiVersion === true ? engineApiVersion() : Promise.resolve(undefined),
  ]);
  if (isUnreachable(ps)) {
    if (request.allowUnreachable === true) return emptyState(request.projectName, false);
    throw new UserError(`no Docker engine reachable: ${ps.stderr.trim()}`);
  }
  if (ps.exitCode !== 0) throw new UserError(ps.stderr.trim());
  const { networks, volumes, images, failed } = firstLook ?? (await readResources(request));
  if (failed !== undefined) throw new UserError(failed.stderr.trim());
  const containers = parseContainers(ps.stdout);
  // Only a duplicated network name (rare: racing runs, other tools) needs to know which one each endpoint is on.
  const duplicated = (request.networkNames ?? []).some((name) => (networks.get(name)?.duplicates ?? []).length > 0);
  const attachments = duplicated ? await networkAttachments(containers.map((container) => container.id)) : undefined;
  return {
    engineReachable: true,
    projectName: request.projectName,
    containers,
    networks,
    volumes,
    images: new Map([...images].map(([reference, image]) => [reference, image.id])),
    imageVolumes: new Map([...images].map(([reference, image]) => [reference, image.volumes])),
    imagesTagged: new Map([...images].map(([reference, image]) => [reference, image.tagged])),
    observedAt: Date.now(),
    endpoint: engineEndpoint(),
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
