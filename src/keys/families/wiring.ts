/** Keys rendered by hand-written flag families (environment, labels, networks, ports, mounts, health). */
import { bool, closed, duration, int, intOrStr, listOrDict, shortOrLong, str, stringList, stringMap, stringOrList, strOrNum, uniqueStrings } from '../schema-blocks.js';
import { key } from '../entry.js';

const fileReference = shortOrLong(['string'], { source: str, target: str, uid: str, gid: str, mode: intOrStr });

const serviceNetwork = {
  ...closed({
    aliases: uniqueStrings, interface_name: str, ipv4_address: str, ipv6_address: str, link_local_ips: stringList,
    mac_address: str, driver_opts: stringMap, priority: { type: 'number' }, gw_priority: { type: 'number' },
  }),
  type: ['object', 'null'],
};

const volume = shortOrLong(['string'], {
  type: { enum: ['bind', 'volume', 'tmpfs', 'image', 'npipe', 'cluster'] }, source: str, target: str, read_only: bool, consistency: str,
  bind: closed({ propagation: str, create_host_path: bool, recursive: { enum: ['enabled', 'disabled', 'writable', 'readonly'] }, selinux: { enum: ['z', 'Z'] } }),
  volume: closed({ nocopy: bool, subpath: str, labels: listOrDict }),
  tmpfs: closed({ size: { type: ['integer', 'string'], minimum: 0 }, mode: { type: 'number' } }),
  image: closed({ subpath: str }),
}, { required: ['type'] });

const ports = {
  type: 'array',
  items: shortOrLong(['string', 'number'], { name: str, mode: str, host_ip: str, target: int, published: strOrNum, protocol: str, app_protocol: str }, { required: ['target'] }),
};

const healthcheck = closed({ disable: bool, interval: duration, retries: int, test: stringOrList, timeout: duration, start_period: duration, start_interval: duration });

export const WIRING_KEYS = [
  key({ key: 'environment', schema: listOrDict, handledBy: 'config/canonical/service.ts; plan/flags/environment.ts' }),
  key({
    key: 'env_file', handledBy: 'config/canonical/service.ts (read into environment)',
    schema: { type: ['string', 'array'], items: shortOrLong(['string'], { path: str, required: bool, format: str }, { required: ['path'] }) },
  }),
  key({ key: 'label_file', schema: stringOrList, handledBy: 'config/canonical/service.ts (canonicalLabels: merged under labels)' }),
  key({ key: 'labels', schema: listOrDict, handledBy: 'config/canonical/service.ts; plan/flags/labels.ts' }),
  key({ key: 'networks', schema: { type: ['array', 'object'], items: str, uniqueItems: true, additionalProperties: serviceNetwork }, handledBy: 'config/canonical/service.ts; plan/flags/network.ts' }),
  key({ key: 'network_mode', schema: str, handledBy: 'config/canonical/service.ts; plan/flags/network.ts' }),
  key({ key: 'mac_address', schema: str, canonical: 'string', handledBy: 'plan/flags/network.ts' }),
  key({ key: 'ports', schema: ports, casts: { '[].target': 'int' }, handledBy: 'config/canonical/ports.ts; plan/flags/network.ts' }),
  key({ key: 'expose', schema: { type: 'array', items: strOrNum, uniqueItems: true }, handledBy: 'config/canonical/ports.ts; plan/flags/network.ts' }),
  key({ key: 'volumes', schema: { type: 'array', items: volume, uniqueItems: true }, casts: { '[].read_only': 'bool', '[].volume.nocopy': 'bool' }, handledBy: 'config/canonical/volumes.ts; plan/flags/mounts.ts' }),
  key({ key: 'volumes_from', schema: uniqueStrings, canonical: 'list', handledBy: 'plan/flags/mounts.ts' }),
  key({ key: 'tmpfs', schema: stringOrList, canonical: 'list', handledBy: 'plan/flags/mounts.ts' }),
  key({ key: 'secrets', schema: { type: 'array', items: fileReference }, casts: { '[].mode': 'int' }, handledBy: 'config/canonical/runtime-keys.ts; plan/flags/mounts.ts' }),
  key({ key: 'configs', schema: { type: 'array', items: fileReference }, casts: { '[].mode': 'int' }, handledBy: 'config/canonical/runtime-keys.ts; plan/flags/mounts.ts' }),
  key({ key: 'healthcheck', schema: healthcheck, casts: { retries: 'int', disable: 'bool' }, handledBy: 'config/canonical/service.ts; plan/flags/health.ts' }),
];
