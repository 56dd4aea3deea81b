/** ulimits and device requests (the tail of the `docker create` resource flags, in argv order). */
import type { DeviceRequest, UlimitConfig } from '../../model/service-runtime.js';
import { closed, intOrStr, listOrDict, str, stringList } from '../schema-blocks.js';
import { canonicalUlimits } from '../canonical/ulimits.js';
import { key, sortedEntries, type KeyPath, type Readers } from '../entry.js';

/** blkio_config: a weight (10-1000) overall and per device; rates in bytes (go-units sizes) or I/O operations per second. */
interface BlkioConfig {
  weight?: number;
  weight_device?: Array<{ path: string; weight: number }>;
  device_read_bps?: Array<{ path: string; rate: number }>;
  device_write_bps?: Array<{ path: string; rate: number }>;
  device_read_iops?: Array<{ path: string; rate: number }>;
  device_write_iops?: Array<{ path: string; rate: number }>;
}

const THROTTLE_FLAGS = {
  device_read_bps: '--device-read-bps', device_write_bps: '--device-write-bps', device_read_iops: '--device-read-iops', device_write_iops: '--device-write-iops',
} as const;

const rate = { type: 'array', items: closed({ path: str, rate: intOrStr }) };

/** A device request of gpus and deploy.resources.reservations.devices. */
export const deviceRequestSchema = closed({ capabilities: stringList, count: intOrStr, device_ids: stringList, driver: str, options: listOrDict });

/** One `--gpus` value in the CLI's CSV syntax (`count=2,capabilities=gpu,"device=0,1"`). */
export function gpusValue(request: DeviceRequest): string {
  const fields: string[] = [];
  if (request.driver !== undefined) fields.push(`driver=${request.driver}`);
  if (request.count !== undefined) fields.push(`count=${request.count}`);
  if (request.device_ids !== undefined) fields.push(`"device=${request.device_ids.join(',')}"`);
  const capabilities = request.capabilities ?? [];
  if (capabilities.length > 0) fields.push(capabilities.length === 1 ? `capabilities=${capabilities[0]}` : `"capabilities=${capabilities.join(',')}"`);
  for (const [name, value] of sortedEntries(request.options ?? {})) fields.push(`${name}=${value}`);
  if (fields.length <= 2 && fields[0] === 'count=all' && (fields[1] === undefined || fields[1] === 'capabilities=gpu')) return 'all';
  return fields.join(',');
}

/** `--ulimit name=soft[:hard]`, sorted by name (the same syntax for `docker service create` and `docker build`). */
export function ulimitArgs(value: Readonly<Record<string, UlimitConfig>> | undefined): string[] {
  return sortedEntries(value ?? {}).flatMap(([name, limit]) => ['--ulimit', limit.soft === limit.hard ? `${name}=${limit.soft}` : `${name}=${limit.soft}:${limit.hard}`]);
}

/** A weight docker takes: 0 (none) or 10 to 1000. */
function blkioWeight(value: unknown, keyPath: KeyPath, read: Readers): number {
  const weight = read.asInteger(value, keyPath);
  if (weight !== 0 && (weight < 10 || weight > 1000)) read.fail(keyPath, `invalid weight ${weight}: must be 0 or from 10 to 1000`);
  return weight;
}

/** `[{path, ...}]`: a device path the docker CLI takes (`/dev/...`, no colon) and what `rest` reads of each entry. */
function blkioDevices<T>(value: unknown, keyPath: KeyPath, read: Readers, rest: (entry: Record<string, unknown>, at: KeyPath) => T): Array<{ path: string } & T> {
  const list: unknown[] = Array.isArray(value) ? value : read.fail(keyPath, 'must be a list');
  return list.map((item, index) => {
    const at = [...keyPath, index];
    const entry = read.asMapping(item, at);
    const path = read.asString(entry['path'], [...at, 'path']);
    if (!path.startsWith('/dev/') || path.includes(':')) read.fail([...at, 'path'], `invalid device path ${JSON.stringify(path)}: must start with /dev/ and hold no ":"`);
    return { path, ...rest(entry, at) };
  });
}

function canonicalBlkio(value: unknown, keyPath: KeyPath, read: Readers): BlkioConfig {
  const raw = read.asMapping(value, keyPath);
  const blkio: BlkioConfig = {};
  if (raw['weight'] !== undefined) blkio.weight = blkioWeight(raw['weight'], [...keyPath, 'weight'], read);
  if (raw['weight_device'] !== undefined) {
    blkio.weight_device = blkioDevices(raw['weight_device'], [...keyPath, 'weight_device'], read, (entry, at) => ({ weight: blkioWeight(entry['weight'], [...at, 'weight'], read) }));
  }
  for (const name of Object.keys(THROTTLE_FLAGS) as Array<keyof typeof THROTTLE_FLAGS>) {
    if (raw[name] !== undefined) blkio[name] = blkioDevices(raw[name], [...keyPath, name], read, (entry, at) => ({ rate: read.asBytes(entry['rate'], [...at, 'rate']) }));
  }
  return blkio;
}

export const LIMITS_DEVICES_KEYS = [
  key<Record<string, UlimitConfig>>({
    key: 'ulimits',
    schema: { type: 'object', additionalProperties: { ...closed({ hard: intOrStr, soft: intOrStr }, { required: ['soft', 'hard'] }), type: ['integer', 'string', 'object'] } },
    casts: { '*': 'int', '*.hard': 'int', '*.soft': 'int' },
    canonical: canonicalUlimits,
    docker: ulimitArgs,
    swarm: ulimitArgs,
  }),
  key<DeviceRequest[]>({
    key: 'gpus',
    schema: { type: ['string', 'array'], items: deviceRequestSchema },
    handledBy: 'config/canonical/runtime-keys.ts (canonicalGpus)',
    docker: (value, view) => [...(value ?? []), ...(view.runtime.deploy?.resources?.reservations?.devices ?? [])].flatMap((request) => ['--gpus', gpusValue(request)]),
  }),
  key<BlkioConfig>({
    key: 'blkio_config',
    schema: closed({ device_read_bps: rate, device_read_iops: rate, device_write_bps: rate, device_write_iops: rate, weight: intOrStr, weight_device: { type: 'array', items: closed({ path: str, weight: intOrStr }) } }),
    canonical: canonicalBlkio,
    docker: (value) => [
      ...(value?.weight === undefined ? [] : ['--blkio-weight', String(value.weight)]),
      ...(value?.weight_device ?? []).flatMap((device) => ['--blkio-weight-device', `${device.path}:${device.weight}`]),
      ...Object.entries(THROTTLE_FLAGS).flatMap(([name, flag]) => (value?.[name as keyof typeof THROTTLE_FLAGS] ?? []).flatMap((device) => [flag, `${device.path}:${device.rate}`])),
    ],
  }),
];
