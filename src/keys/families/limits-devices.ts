/** ulimits and device requests (the tail of the `docker create` resource flags, in argv order). */
import type { DeviceRequest, UlimitConfig } from '../../model/service-runtime.js';
import { closed, intOrStr, listOrDict, str, stringList } from '../schema-blocks.js';
import { key, sortedEntries, type FlagRenderer } from '../entry.js';

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

/** `--ulimit name=soft[:hard]`, sorted by name (the same syntax for `docker service create`). */
const ulimitFlags: FlagRenderer<Record<string, UlimitConfig>> = (value) =>
  sortedEntries(value ?? {}).flatMap(([name, limit]) => ['--ulimit', limit.soft === limit.hard ? `${name}=${limit.soft}` : `${name}=${limit.soft}:${limit.hard}`]);

export const LIMITS_DEVICES_KEYS = [
  key<Record<string, UlimitConfig>>({
    key: 'ulimits',
    schema: { type: 'object', additionalProperties: { ...closed({ hard: intOrStr, soft: intOrStr }, { required: ['soft', 'hard'] }), type: ['integer', 'string', 'object'] } },
    casts: { '*': 'int', '*.hard': 'int', '*.soft': 'int' },
    handledBy: 'config/canonical/runtime-keys.ts (canonicalUlimits)',
    docker: ulimitFlags,
    swarm: ulimitFlags,
  }),
  key<DeviceRequest[]>({
    key: 'gpus',
    schema: { type: ['string', 'array'], items: deviceRequestSchema },
    handledBy: 'config/canonical/runtime-keys.ts (canonicalGpus)',
    docker: (value, view) => [...(value ?? []), ...(view.runtime.deploy?.resources?.reservations?.devices ?? [])].flatMap((request) => ['--gpus', gpusValue(request)]),
  }),
  key({
    key: 'blkio_config',
    schema: closed({ device_read_bps: rate, device_read_iops: rate, device_write_bps: rate, device_write_iops: rate, weight: intOrStr, weight_device: { type: 'array', items: closed({ path: str, weight: intOrStr }) } }),
    ignored: 'block I/O weights and rates are not translated by berth',
  }),
];
