/** Privileges, capabilities, devices and namespaces (`docker create` flags in argv order). */
import { posix } from 'node:path';
import type { DeviceMapping } from '../../model/service-runtime.js';
import { bool, listOrDict, shortOrLong, str, stringList, strOrNum, uniqueStrings } from '../schema-blocks.js';
import { canonicalDevices } from '../canonical/devices.js';
import { key, pairsFlag, repeatFlag, switchFlag, valueFlag, type FlagRenderer } from '../entry.js';

/** `seccomp=<file>` is read by the docker CLI from its own directory: make it absolute against the project. */
function securityOption(workingDir: string, option: string): string {
  const match = /^seccomp[=:](.*)$/.exec(option);
  if (match === null || match[1] === undefined || match[1] === 'unconfined' || posix.isAbsolute(match[1])) return option;
  return `seccomp=${posix.resolve(workingDir, match[1])}`;
}

const deviceFlags: FlagRenderer<DeviceMapping[]> = (value) => (value ?? []).flatMap((device) => [
  '--device',
  device.source === device.target && device.permissions === undefined ? device.source : `${device.source}:${device.target}${device.permissions === undefined ? '' : `:${device.permissions}`}`,
]);

/** A namespace mode where `service:x` names another service's container. */
function modeFlag(flag: string): FlagRenderer<string> {
  return (value, view) => (value === undefined ? [] : [flag, view.resolveServiceMode(value)]);
}

export const SECURITY_KEYS = [
  key<boolean>({ key: 'privileged', schema: bool, casts: { '': 'bool' }, canonical: 'bool', docker: switchFlag('--privileged') }),
  key<boolean>({ key: 'read_only', schema: bool, casts: { '': 'bool' }, canonical: 'bool', docker: switchFlag('--read-only'), swarm: switchFlag('--read-only') }),
  key<string[]>({ key: 'cap_add', schema: uniqueStrings, canonical: 'list', docker: repeatFlag('--cap-add'), swarm: repeatFlag('--cap-add') }),
  key<string[]>({ key: 'cap_drop', schema: uniqueStrings, canonical: 'list', docker: repeatFlag('--cap-drop'), swarm: repeatFlag('--cap-drop') }),
  key<string[]>({
    key: 'security_opt', schema: stringList, canonical: 'list',
    docker: (value, view) => repeatFlag('--security-opt')(value?.map((option) => securityOption(view.workingDir, option)), view),
  }),
  key<DeviceMapping[]>({
    key: 'devices', schema: { type: 'array', items: shortOrLong(['string'], { source: str, target: str, permissions: str }) },
    canonical: canonicalDevices, docker: deviceFlags,
  }),
  key<string[]>({ key: 'device_cgroup_rules', schema: stringList, canonical: 'list', docker: repeatFlag('--device-cgroup-rule') }),
  key<string[]>({ key: 'group_add', schema: { type: 'array', items: strOrNum }, canonical: 'list', docker: repeatFlag('--group-add'), swarm: repeatFlag('--group') }),
  key<string>({ key: 'userns_mode', schema: str, canonical: 'string', docker: valueFlag('--userns') }),
  key<string>({ key: 'pid', schema: { type: ['string', 'null'] }, canonical: 'string', docker: modeFlag('--pid') }),
  key<string>({ key: 'ipc', schema: str, canonical: 'string', docker: modeFlag('--ipc') }),
  key<string>({ key: 'uts', schema: str, canonical: 'string', docker: modeFlag('--uts') }),
  key<string>({ key: 'cgroup', schema: { enum: ['host', 'private'] }, canonical: 'string', docker: valueFlag('--cgroupns') }),
  key<string>({ key: 'cgroup_parent', schema: str, canonical: 'string', docker: valueFlag('--cgroup-parent') }),
  key<Record<string, string>>({ key: 'sysctls', schema: listOrDict, canonical: 'map', docker: pairsFlag('--sysctl'), swarm: pairsFlag('--sysctl') }),
  key<Record<string, string>>({ key: 'storage_opt', schema: { type: 'object' }, canonical: 'map', docker: pairsFlag('--storage-opt') }),
  key<Record<string, string>>({
    key: 'annotations', schema: listOrDict, canonical: 'map',
    docker: (value, view) => (value !== undefined && view.needsApi('annotations', 'annotations') ? pairsFlag('--annotation')(value, view) : []),
  }),
];
