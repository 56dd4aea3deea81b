import { posix } from 'node:path';
import type { ServiceVolumeConfig } from '../../model/project.js';
import type { KeyPath } from '../yaml-source.js';
import { fail } from '../model-error.js';
import { asBytes } from './units.js';
import { asBoolean, asMapping, asString, isMapping } from './guards.js';

const PROPAGATIONS = ['rprivate', 'private', 'rshared', 'shared', 'rslave', 'slave'];
const VOLUME_TYPES = ['bind', 'volume', 'tmpfs', 'image', 'npipe', 'cluster'] as const;

/** Context for turning relative bind sources into absolute paths. */
export interface PathContext {
  readonly workingDir: string;
  readonly homeDir: string | undefined;
  /** false: relative and `~` paths are kept as written in the model (config --no-path-resolution). */
  readonly resolvePaths?: boolean;
}

/** Long-syntax service volumes from short strings or long mappings. */
export function canonicalServiceVolumes(value: unknown, keyPath: KeyPath, paths: PathContext): ServiceVolumeConfig[] {
  if (!Array.isArray(value)) fail(keyPath, 'must be a list');
  return value.map((item, index) => {
    const itemPath = [...keyPath, index];
    const volume = typeof item === 'string' ? parseShortVolume(item, itemPath) : parseLongVolume(item, itemPath);
    if (volume.type === 'bind' && volume.source !== undefined) volume.source = modelHostPath(volume.source, paths);
    return volume;
  });
}

/** `[SOURCE:]TARGET[:OPTIONS]` as compose-go's format.ParseVolume reads it. */
export function parseShortVolume(text: string, keyPath: KeyPath): ServiceVolumeConfig {
  if (text === '') fail(keyPath, 'invalid empty volume spec');
  const parts = text.split(':');
  if (parts.some((part) => part === '')) fail(keyPath, `invalid spec: ${text}: empty section between colons`);
  if (parts.length > 3) fail(keyPath, `invalid spec: ${text}: too many colons`);
  if (parts.length === 1) return { type: 'volume', target: cleanTarget(parts[0] as string, keyPath) };
  const [source, target, options] = parts as [string, string, string | undefined];
  const volume: ServiceVolumeConfig = isBindSource(source)
    ? { type: 'bind', source, target: cleanTarget(target, keyPath), bind: { create_host_path: true } }
    : { type: 'volume', source, target: cleanTarget(target, keyPath), volume: {} };
  if (options !== undefined) applyShortOptions(volume, options, text, keyPath);
  if (volume.type === 'volume' && volume.volume !== undefined && Object.keys(volume.volume).length === 0) delete volume.volume;
  return volume;
}

/** The option families of `-v SRC:DST:OPTIONS` as docker's Linux parser takes them: at most one of each. */
const OPTION_FAMILIES: Record<string, readonly string[]> = {
  'read-write mode': ['ro', 'rw'],
  'SELinux label': ['z', 'Z'],
  propagation: PROPAGATIONS,
  consistency: ['consistent', 'cached', 'delegated'],
  copy: ['nocopy'],
};

function familyOf(option: string): string | undefined {
  return Object.keys(OPTION_FAMILIES).find((family) => OPTION_FAMILIES[family]?.includes(option));
}

/** Applies `ro,z,rshared...`; an unknown or repeated option is refused, as docker refuses it ("invalid mode"). */
function applyShortOptions(volume: ServiceVolumeConfig, options: string, text: string, keyPath: KeyPath): void {
  const seen = new Set<string>();
  for (const option of options.split(',')) {
    const family = familyOf(option);
    if (family === undefined) fail(keyPath, `invalid mode "${option}" in volume "${text}": expected ro, rw, z, Z, nocopy, a propagation (${PROPAGATIONS.join(', ')}) or a consistency (consistent, cached, delegated)`);
    if (seen.has(family)) fail(keyPath, `invalid mode "${options}" in volume "${text}": more than one ${family} option`);
    seen.add(family);
    if (family === 'read-write mode') volume.read_only = option === 'ro';
    else if (family === 'consistency') volume.consistency = option;
    else if (volume.type !== 'bind' && family !== 'copy') fail(keyPath, `invalid mode "${option}" in volume "${text}": a ${family} option applies only to a bind mount`);
    else if (volume.type === 'bind' && family === 'copy') fail(keyPath, `invalid mode "${option}" in volume "${text}": nocopy applies only to a volume`);
    else if (family === 'copy') volume.volume = { ...volume.volume, nocopy: true };
    else if (family === 'propagation') volume.bind = { ...volume.bind, propagation: option };
    else volume.bind = { ...volume.bind, selinux: option as 'z' | 'Z' };
  }
}

function parseLongVolume(item: unknown, keyPath: KeyPath): ServiceVolumeConfig {
  const raw = asMapping(item, keyPath);
  const type = raw['type'] === undefined ? 'volume' : asString(raw['type'], [...keyPath, 'type']);
  if (!(VOLUME_TYPES as readonly string[]).includes(type)) {
    fail([...keyPath, 'type'], `must be one of ${VOLUME_TYPES.join(', ')}`);
  }
  if (raw['target'] === undefined) fail(keyPath, 'target is required');
  const volume: ServiceVolumeConfig = {
    ...(raw as Partial<ServiceVolumeConfig>),
    type: type as ServiceVolumeConfig['type'],
    target: cleanTarget(asString(raw['target'], [...keyPath, 'target']), [...keyPath, 'target']),
  };
  if (raw['source'] !== undefined) volume.source = asString(raw['source'], [...keyPath, 'source']);
  if (raw['read_only'] !== undefined) volume.read_only = asBoolean(raw['read_only'], [...keyPath, 'read_only']);
  if (type === 'bind' && volume.bind?.create_host_path === undefined) volume.bind = { ...volume.bind, create_host_path: true };
  for (const nested of ['bind', 'volume', 'tmpfs', 'image'] as const) {
    if (raw[nested] !== undefined && !isMapping(raw[nested])) fail([...keyPath, nested], 'must be a mapping');
  }
  const size = volume.tmpfs?.size;
  if (size !== undefined) volume.tmpfs = { ...volume.tmpfs, size: asBytes(size, [...keyPath, 'tmpfs', 'size']) };
  return volume;
}

function isBindSource(source: string): boolean {
  return source.startsWith('.') || source.startsWith('/') || source.startsWith('~') || source.startsWith('\\\\') || /^[a-zA-Z]:/.test(source);
}

function cleanTarget(target: string, keyPath: KeyPath): string {
  if (target === '') fail(keyPath, 'target must not be empty');
  if (!target.startsWith('/')) fail(keyPath, `invalid mount target "${target}": must be an absolute path in the container`);
  return posix.normalize(target).replace(/(.)\/$/, '$1');
}

/** A host path as the model shows it: absolute (resolveHostPath) unless path resolution is off. */
export function modelHostPath(source: string, paths: PathContext): string {
  return paths.resolvePaths === false ? source : resolveHostPath(source, paths);
}

/** An absolute host path: `~` expanded, relative paths resolved against the project directory. */
export function resolveHostPath(source: string, paths: PathContext): string {
  if (source === '~' || source.startsWith('~/')) {
    if (paths.homeDir === undefined) return source;
    return posix.join(paths.homeDir, source.slice(1));
  }
  return posix.isAbsolute(source) ? posix.normalize(source) : posix.resolve(paths.workingDir, source);
}
