import { posix } from 'node:path';
import { needsApi, repeated, resolveServiceMode, sortedEntries, type FlagContext } from './context.js';
import { VERSIONED_KEYS } from './versioned-keys.js';

/** `seccomp=<file>` is read by the docker CLI from its own directory: make it absolute against the project. */
function securityOption(workingDir: string, option: string): string {
  const match = /^seccomp[=:](.*)$/.exec(option);
  if (match === null || match[1] === undefined || match[1] === 'unconfined' || posix.isAbsolute(match[1])) return option;
  return `seccomp=${posix.resolve(workingDir, match[1])}`;
}

/** Privileges, capabilities, devices and namespaces. */
export function securityFlags(context: FlagContext): string[] {
  const { project, runtime } = context;
  const flags: string[] = [];
  if (runtime.privileged === true) flags.push('--privileged');
  if (runtime.read_only === true) flags.push('--read-only');
  flags.push(...repeated('--cap-add', runtime.cap_add), ...repeated('--cap-drop', runtime.cap_drop));
  flags.push(...repeated('--security-opt', runtime.security_opt?.map((option) => securityOption(project.workingDir, option))));
  for (const device of runtime.devices ?? []) {
    const text = device.source === device.target && device.permissions === undefined ? device.source : `${device.source}:${device.target}${device.permissions === undefined ? '' : `:${device.permissions}`}`;
    flags.push('--device', text);
  }
  flags.push(...repeated('--device-cgroup-rule', runtime.device_cgroup_rules));
  flags.push(...repeated('--group-add', runtime.group_add));
  if (runtime.userns_mode !== undefined) flags.push('--userns', runtime.userns_mode);
  if (runtime.pid !== undefined) flags.push('--pid', resolveServiceMode(project, runtime.pid));
  if (runtime.ipc !== undefined) flags.push('--ipc', resolveServiceMode(project, runtime.ipc));
  if (runtime.uts !== undefined) flags.push('--uts', resolveServiceMode(project, runtime.uts));
  if (runtime.cgroup !== undefined) flags.push('--cgroupns', runtime.cgroup);
  if (runtime.cgroup_parent !== undefined) flags.push('--cgroup-parent', runtime.cgroup_parent);
  for (const [key, value] of sortedEntries(runtime.sysctls ?? {})) flags.push('--sysctl', `${key}=${value}`);
  for (const [key, value] of sortedEntries(runtime.storage_opt ?? {})) flags.push('--storage-opt', `${key}=${value}`);
  if (runtime.annotations !== undefined && needsApi(context, 'annotations', VERSIONED_KEYS.annotations)) {
    for (const [key, value] of sortedEntries(runtime.annotations)) flags.push('--annotation', `${key}=${value}`);
  }
  return flags;
}
