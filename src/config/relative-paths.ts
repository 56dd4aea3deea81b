/** Makes the relative host paths of a raw service (or resource) absolute against a directory. */
import { posix } from 'node:path';
import { isMapping, type Mapping } from './canonical/guards.js';

function absolute(path: unknown, dir: string): unknown {
  if (typeof path !== 'string' || path === '' || posix.isAbsolute(path) || path.startsWith('~')) return path;
  return posix.resolve(dir, path);
}

function isRemote(context: string): boolean {
  return /^(https?:\/\/|git@|git:\/\/|github\.com\/)/.test(context) || context.includes('.git#');
}

function absoluteShortVolume(spec: string, dir: string): string {
  if (!spec.startsWith('.')) return spec;
  const colon = spec.indexOf(':');
  if (colon < 0) return spec;
  return `${String(absolute(spec.slice(0, colon), dir))}${spec.slice(colon)}`;
}

function absoluteEnvFile(entry: unknown, dir: string): unknown {
  return isMapping(entry) ? { ...entry, path: absolute(entry['path'], dir) } : absolute(entry, dir);
}

/** The service with build context, env_file, label_file, bind sources and watch paths made absolute against `dir`. */
export function absolutizeService(service: Mapping, dir: string): Mapping {
  const result: Mapping = { ...service };
  const build = result['build'];
  if (typeof build === 'string') result['build'] = isRemote(build) ? build : { context: absolute(build, dir) };
  else if (isMapping(build)) {
    const context = typeof build['context'] === 'string' ? build['context'] : '.';
    result['build'] = { ...build, context: isRemote(context) ? context : absolute(context, dir) };
  }
  const envFile = result['env_file'];
  if (envFile !== undefined) result['env_file'] = Array.isArray(envFile) ? envFile.map((entry) => absoluteEnvFile(entry, dir)) : absoluteEnvFile(envFile, dir);
  const labelFile = result['label_file'];
  if (labelFile !== undefined) result['label_file'] = Array.isArray(labelFile) ? labelFile.map((entry) => absolute(entry, dir)) : absolute(labelFile, dir);
  const develop = result['develop'];
  if (isMapping(develop) && Array.isArray(develop['watch'])) {
    result['develop'] = { ...develop, watch: develop['watch'].map((rule) => (isMapping(rule) ? { ...rule, path: absolute(rule['path'], dir) } : rule)) };
  }
  const volumes = result['volumes'];
  if (Array.isArray(volumes)) {
    result['volumes'] = volumes.map((volume) => {
      if (typeof volume === 'string') return absoluteShortVolume(volume, dir);
      if (isMapping(volume) && volume['type'] === 'bind') return { ...volume, source: absolute(volume['source'], dir) };
      return volume;
    });
  }
  return result;
}

/** A file-backed secret or config with its `file` made absolute against `dir`. */
export function absolutizeFileObject(value: unknown, dir: string): unknown {
  return isMapping(value) && typeof value['file'] === 'string' ? { ...value, file: absolute(value['file'], dir) } : value;
}
