import type { FileObjectConfig, NetworkConfig, VolumeConfig } from '../../model/project.js';
import type { KeyPath } from '../yaml-source.js';
import { fail } from '../model-error.js';
import { asBoolean, asMapping, asString, asStringMap, isMapping } from './guards.js';
import { modelHostPath, type PathContext } from './volumes.js';
import { checkLocalVolumeName, checkResourceName, checkVariableName } from './value-rules.js';

type Section = 'networks' | 'volumes' | 'secrets' | 'configs';

/** `external` as a boolean; the legacy `external: {name: x}` form yields its name too. */
function readExternal(raw: Record<string, unknown>, keyPath: KeyPath): { external: boolean; name?: string } {
  const value = raw['external'];
  if (value === undefined) return { external: false };
  if (isMapping(value)) {
    const name = value['name'] === undefined ? undefined : asString(value['name'], [...keyPath, 'external', 'name']);
    return name === undefined ? { external: true } : { external: true, name };
  }
  return { external: asBoolean(value, [...keyPath, 'external']) };
}

/** The engine-side name: `name:` verbatim, the key itself when external, else `<project>_<key>`. */
function resourceName(projectName: string, key: string, raw: Record<string, unknown>, keyPath: KeyPath, external: { external: boolean; name?: string }): string {
  const name = namedOrDefault(projectName, key, raw, keyPath, external);
  const kind = keyPath[0] === 'networks' ? 'network' : keyPath[0] === 'volumes' ? 'volume' : keyPath[0] === 'secrets' ? 'secret' : 'config';
  const namePath = raw['name'] !== undefined ? [...keyPath, 'name'] : external.name !== undefined ? [...keyPath, 'external', 'name'] : keyPath;
  checkResourceName(name, kind, namePath);
  if (kind === 'volume' && !external.external && (raw['driver'] === undefined || raw['driver'] === 'local')) checkLocalVolumeName(name, namePath);
  return name;
}

function namedOrDefault(projectName: string, key: string, raw: Record<string, unknown>, keyPath: KeyPath, external: { external: boolean; name?: string }): string {
  if (raw['name'] !== undefined) return asString(raw['name'], [...keyPath, 'name']);
  if (external.name !== undefined) return external.name;
  return external.external ? key : `${projectName}_${key}`;
}

function checkExternalAlone(section: Section, key: string, raw: Record<string, unknown>): void {
  for (const attribute of Object.keys(raw)) {
    if (['external', 'name'].includes(attribute) || attribute.startsWith('x-')) continue;
    fail([section, key], `conflicting parameters "external" and "${attribute}" specified`);
  }
}

export function canonicalNetwork(projectName: string, key: string, value: unknown): NetworkConfig {
  const keyPath: KeyPath = ['networks', key];
  const raw = value === null || value === undefined ? {} : asMapping(value, keyPath);
  const external = readExternal(raw, keyPath);
  if (external.external) checkExternalAlone('networks', key, raw);
  const network: NetworkConfig = { ...raw, name: resourceName(projectName, key, raw, keyPath, external) };
  if (external.external) network.external = true;
  else delete network.external;
  if (raw['labels'] !== undefined) network.labels = asStringMap(raw['labels'], [...keyPath, 'labels']);
  if (raw['driver_opts'] !== undefined) network.driver_opts = asStringMap(raw['driver_opts'], [...keyPath, 'driver_opts']);
  for (const flag of ['internal', 'attachable', 'enable_ipv6'] as const) {
    if (raw[flag] !== undefined) network[flag] = asBoolean(raw[flag], [...keyPath, flag]);
  }
  if (raw['driver'] !== undefined) network.driver = asString(raw['driver'], [...keyPath, 'driver']);
  return network;
}

export function canonicalVolume(projectName: string, key: string, value: unknown): VolumeConfig {
  const keyPath: KeyPath = ['volumes', key];
  const raw = value === null || value === undefined ? {} : asMapping(value, keyPath);
  const external = readExternal(raw, keyPath);
  if (external.external) checkExternalAlone('volumes', key, raw);
  const volume: VolumeConfig = { ...raw, name: resourceName(projectName, key, raw, keyPath, external) };
  if (external.external) volume.external = true;
  else delete volume.external;
  if (raw['labels'] !== undefined) volume.labels = asStringMap(raw['labels'], [...keyPath, 'labels']);
  if (raw['driver_opts'] !== undefined) volume.driver_opts = asStringMap(raw['driver_opts'], [...keyPath, 'driver_opts']);
  if (raw['driver'] !== undefined) volume.driver = asString(raw['driver'], [...keyPath, 'driver']);
  return volume;
}

/** A top-level secret or config: exactly one source (file, environment, content) unless external. */
export function canonicalFileObject(section: 'secrets' | 'configs', projectName: string, key: string, value: unknown, paths: PathContext): FileObjectConfig {
  const keyPath: KeyPath = [section, key];
  const raw = asMapping(value ?? {}, keyPath);
  const external = readExternal(raw, keyPath);
  const object: FileObjectConfig = { ...raw, name: resourceName(projectName, key, raw, keyPath, external) };
  if (external.external) {
    object.external = true;
    return object;
  }
  delete object.external;
  const sources = (section === 'configs' ? ['file', 'environment', 'content'] : ['file', 'environment']).filter((source) => raw[source] !== undefined);
  if (sources.length > 1) fail(keyPath, `${sources.join('|')} attributes are mutually exclusive`);
  if (sources.length === 0 && raw['driver'] === undefined) {
    fail(keyPath, section === 'configs' ? 'one of file|environment|content must be set' : 'one of file|environment must be set');
  }
  if (raw['file'] !== undefined) object.file = modelHostPath(asString(raw['file'], [...keyPath, 'file']), paths);
  if (raw['environment'] !== undefined) {
    object.environment = asString(raw['environment'], [...keyPath, 'environment']);
    checkVariableName(object.environment, [...keyPath, 'environment']);
  }
  if (raw['content'] !== undefined) object.content = asString(raw['content'], [...keyPath, 'content']);
  return object;
}
