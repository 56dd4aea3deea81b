import type { NetworkConfig, Project } from '../model/project.js';
import { BERTH_VERSION, Label } from '../model/labels.js';
import { serviceConfigHash } from './hash.js';
import { apiAtLeast } from './flags/context.js';
import type { PlanBuilder } from './plan-builder.js';

function labelFlags(labels: Record<string, string>): string[] {
  return Object.entries(labels)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .flatMap(([key, value]) => ['--label', `${key}=${value}`]);
}

/** `docker network create --ipv4=false` needs an engine that can make a network without IPv4 (API 1.48, docker 28). */
const IPV4_OFF_API = '1.48';

/** `--ipv4=false` where the engine takes it; otherwise reported, never dropped silently. */
function ipv4Flags(key: string, enabled: boolean | undefined, builder: Pick<PlanBuilder, 'engine' | 'warnOnce'>): string[] {
  if (enabled !== false) return [];
  if (apiAtLeast(builder.engine, IPV4_OFF_API)) return ['--ipv4=false'];
  builder.warnOnce(`ignored: networks.${key}.enable_ipv4: --ipv4=false needs engine API ${IPV4_OFF_API}, this engine speaks ${builder.engine.apiVersion ?? '?'}`);
  return [];
}

/** `docker network create` flags of a network's driver, options and IPAM (no labels); `ipv4`: the engine-dependent --ipv4 flag, in its place. */
export function networkDriverFlags(network: NetworkConfig, ipv4: readonly string[] = []): string[] {
  const flags: string[] = [];
  if (network.driver !== undefined) flags.push('--driver', network.driver);
  for (const [option, value] of Object.entries(network.driver_opts ?? {}).sort()) flags.push('--opt', `${option}=${value}`);
  if (network.internal === true) flags.push('--internal');
  if (network.attachable === true) flags.push('--attachable');
  if (network.enable_ipv6 === true) flags.push('--ipv6');
  flags.push(...ipv4);
  const ipam = network.ipam;
  if (ipam?.driver !== undefined) flags.push('--ipam-driver', ipam.driver);
  for (const pool of ipam?.config ?? []) {
    if (typeof pool['subnet'] === 'string') flags.push('--subnet', pool['subnet']);
    if (typeof pool['ip_range'] === 'string') flags.push('--ip-range', pool['ip_range']);
    if (typeof pool['gateway'] === 'string') flags.push('--gateway', pool['gateway']);
    const aux = pool['aux_addresses'];
    if (aux !== null && typeof aux === 'object') {
      for (const [host, address] of Object.entries(aux as Record<string, string>).sort()) flags.push('--aux-address', `${host}=${address}`);
    }
  }
  for (const [option, value] of Object.entries(ipam?.options ?? {}).sort()) flags.push('--ipam-opt', `${option}=${value}`);
  return flags;
}

/** `docker network create` flags for the project network `key` (the name goes last). */
export function networkCreateFlags(project: Project, key: string, builder: Pick<PlanBuilder, 'engine' | 'warnOnce'>): string[] {
  const network = project.networks[key];
  if (network === undefined) return [];
  return [
    ...networkDriverFlags(network, ipv4Flags(key, network.enable_ipv4 as boolean | undefined, builder)),
    ...labelFlags({
      ...network.labels,
      [Label.network]: key,
      [Label.project]: project.name,
      [Label.version]: BERTH_VERSION,
      [Label.configHash]: networkConfigHash(project, key),
    }),
  ];
}

/** `docker volume create` flags for the project volume `key` (the name goes last). */
export function volumeCreateFlags(project: Project, key: string): string[] {
  const volume = project.volumes[key];
  if (volume === undefined) return [];
  const flags: string[] = [];
  if (volume.driver !== undefined) flags.push('--driver', volume.driver);
  for (const [option, value] of Object.entries(volume.driver_opts ?? {}).sort()) flags.push('--opt', `${option}=${value}`);
  return [
    ...flags,
    ...labelFlags({
      ...volume.labels,
      [Label.volume]: key,
      [Label.project]: project.name,
      [Label.version]: BERTH_VERSION,
      [Label.configHash]: volumeConfigHash(project, key),
    }),
  ];
}

function resourceHash(resource: object): string {
  return serviceConfigHash({ name: '', ...resource } as never);
}

/** The config-hash label of the project network `key`: a change recreates the network. */
export function networkConfigHash(project: Project, key: string): string {
  return resourceHash(project.networks[key] ?? {});
}

/** The config-hash label of the project volume `key`: a change asks to recreate the volume. */
export function volumeConfigHash(project: Project, key: string): string {
  return resourceHash({ driver: 'local', ...project.volumes[key] });
}
