import { Label } from '../model/labels.js';
import { runDocker, type DockerResult } from './docker.js';
import { IMAGE_LIST_THRESHOLD, noResources, resource, tagTime, type ResourceMaps } from './observe-resources.js';

/**
 * The networks, volumes and images a model names, read with one `docker inspect` without `--type`:
 * one docker process instead of three, and a no-op `up` is mostly the time of its docker processes.
 * docker tries each name as a container, an image, a network, a volume... in turn and prints the
 * first object found, so the answer is taken only when it cannot mislead: each object printed is of
 * the kind asked, under the exact name asked, and every other name is reported as `No such object`.
 * Anything else (a name another kind of object holds, a network name two networks share, any other
 * error) yields undefined, and the caller reads each kind with its own command.
 */

export type ResourceKind = 'network' | 'volume' | 'image';

export interface CombinedReference {
  readonly name: string;
  readonly kind: ResourceKind;
}

/** The whole object as JSON: a template naming fields would fail on the kinds that lack them. */
export const COMBINED_FORMAT = '{{json .}}';

/** The names to inspect, each once; undefined when one name is asked as two kinds, or the images are better listed first. */
export function combinedReferences(networks: readonly string[], volumes: readonly string[], images: readonly string[]): CombinedReference[] | undefined {
  const uniqueImages = new Set(images);
  if (uniqueImages.size > IMAGE_LIST_THRESHOLD) return undefined;
  const kinds = new Map<string, ResourceKind>();
  const wanted: [ResourceKind, Iterable<string>][] = [['network', networks], ['volume', volumes], ['image', uniqueImages]];
  for (const [kind, names] of wanted) {
    for (const name of names) {
      if ((kinds.get(name) ?? kind) !== kind) return undefined;
      kinds.set(name, kind);
    }
  }
  return [...kinds].map(([name, kind]) => ({ name, kind }));
}

interface InspectedObject {
  readonly Id?: string;
  readonly Name?: string;
  readonly Labels?: Record<string, string> | null;
  readonly Config?: { readonly Volumes?: Record<string, unknown> | null } | null;
  readonly Metadata?: { readonly LastTagTime?: string } | null;
}

function kindOf(object: object): ResourceKind | undefined {
  if ('IPAM' in object) return 'network';
  if ('Mountpoint' in object) return 'volume';
  if ('RepoTags' in object) return 'image';
  return undefined;
}

/** The names docker reported as not found; undefined when stderr says anything else. */
function notFound(stderr: string): Set<string> | undefined {
  const missing = new Set<string>();
  for (const line of stderr.split('\n')) {
    if (line.trim() === '') continue;
    const match = /^Error: No such object: (.*)$/.exec(line);
    if (match === null) return undefined;
    missing.add(match[1] as string);
  }
  return missing;
}

function parseObject(line: string): InspectedObject | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as InspectedObject) : undefined;
  } catch {
    return undefined;
  }
}

function labelled(object: InspectedObject, id: string, name: string, keyLabel: string) {
  const labels = object.Labels ?? {};
  return resource({ id, name, project: labels[Label.project] ?? '', key: labels[keyLabel] ?? '', hash: labels[Label.configHash] ?? '' }, keyLabel);
}

/** `docker inspect --format '{{json .}}' NAME...` output (references in the order given) as resources, or undefined when it could mislead. */
export function parseCombined(result: DockerResult, references: readonly CombinedReference[]): ResourceMaps | undefined {
  const missing = notFound(result.stderr);
  if (missing === undefined) return undefined;
  const found = references.filter((reference) => !missing.has(reference.name));
  const lines = result.stdout.split('\n').filter((line) => line.trim() !== '');
  if (found.length + missing.size !== references.length || lines.length !== found.length) return undefined;
  const maps = noResources();
  for (const [index, { name, kind }] of found.entries()) {
    const object = parseObject(lines[index] as string);
    if (object === undefined || kindOf(object) !== kind) return undefined;
    if (kind === 'image') {
      maps.images.set(name, { id: object.Id ?? '', volumes: Object.keys(object.Config?.Volumes ?? {}).sort(), tagged: tagTime(object.Metadata?.LastTagTime) });
    } else if (object.Name !== name) {
      return undefined;
    } else if (kind === 'network') {
      maps.networks.set(name, labelled(object, object.Id ?? name, name, Label.network));
    } else {
      maps.volumes.set(name, labelled(object, name, name, Label.volume));
    }
  }
  return maps;
}

/** The resources in one docker process, or undefined when the answer must be read kind by kind. */
export async function inspectCombined(references: readonly CombinedReference[]): Promise<ResourceMaps | undefined> {
  if (references.length === 0) return noResources();
  const result = await runDocker(['inspect', '--format', COMBINED_FORMAT, ...references.map((reference) => reference.name)]);
  return parseCombined(result, references);
}
