import type { PortConfig, Project, ServiceConfig, ServiceNetworkConfig } from '../../model/project.js';
import { needsApi, repeated, resolveServiceMode, type FlagContext } from './context.js';
import { VERSIONED_KEYS } from './versioned-keys.js';
import { networkName } from '../names.js';
import { registryFlags } from './registry-flags.js';

/** Endpoint keys `docker network connect` cannot set on this CLI path, with the reason. */
const UNSUPPORTED_ENDPOINT_KEYS: Record<string, string> = {
  driver_opts: 'endpoint driver options need the advanced --network syntax, not used by berth',
  gw_priority: 'no flag on docker create/network connect for engines before API 1.48',
  interface_name: 'no flag on docker create/network connect for engines before API 1.49',
};

/** Records endpoint settings berth cannot pass for network `key`. */
function ignoreEndpointKeys(context: FlagContext, key: string, config: ServiceNetworkConfig | null, primary: boolean): void {
  if (config === null) return;
  for (const [setting, why] of Object.entries(UNSUPPORTED_ENDPOINT_KEYS)) {
    if (config?.[setting] !== undefined) context.ignore(`networks.${key}.${setting}`, why);
  }
  if (!primary && config?.mac_address !== undefined) {
    context.ignore(`networks.${key}.mac_address`, 'docker network connect has no --mac-address; only the primary network can carry one');
  }
}

/** `--mac-address`, which the docker CLI (25+) refuses to send to engines before API 1.44. */
function macFlags(context: FlagContext, keyPath: string, address: string | undefined): string[] {
  if (address === undefined || !needsApi(context, keyPath, VERSIONED_KEYS.macAddress)) return [];
  return ['--mac-address', address];
}

/** `--network` for the primary network (aliases, addresses, MAC) or the network_mode. */
export function networkFlags(context: FlagContext): string[] {
  const { project, service, identity, runtime } = context;
  if (service.network_mode !== undefined) {
    const mode = service.network_mode === 'disabled' ? 'none' : resolveServiceMode(project, service.network_mode);
    return ['--network', mode, ...macFlags(context, 'mac_address', runtime.mac_address)];
  }
  if (identity.primaryNetwork === undefined) return ['--network', 'none'];
  const key = identity.primaryNetwork;
  const config = service.networks?.[key] ?? null;
  for (const other of Object.keys(service.networks ?? {})) ignoreEndpointKeys(context, other, service.networks?.[other] ?? null, other === key);
  const withAliases = identity.oneOff === undefined || identity.oneOff.useAliases;
  const flags = ['--network', networkName(project, key), ...endpointFlags(service, config, withAliases ? '--network-alias' : undefined)];
  if (config?.mac_address === undefined) return [...flags, ...macFlags(context, 'mac_address', runtime.mac_address)];
  if (runtime.mac_address !== undefined && runtime.mac_address !== config.mac_address) {
    context.ignore('mac_address', `differs from networks.${key}.mac_address, which wins`);
  }
  return [...flags, ...macFlags(context, `networks.${key}.mac_address`, config.mac_address)];
}

/** Alias and address flags for one network endpoint (`--network-alias` on create, `--alias` on connect, none for a one-off). */
function endpointFlags(service: ServiceConfig, config: ServiceNetworkConfig | null, aliasFlag: string | undefined): string[] {
  const flags = aliasFlag === undefined ? [] : repeated(aliasFlag, [service.name, ...(config?.aliases ?? [])]);
  if (config?.ipv4_address !== undefined) flags.push('--ip', config.ipv4_address);
  if (config?.ipv6_address !== undefined) flags.push('--ip6', config.ipv6_address);
  const linkLocal = config?.['link_local_ips'];
  if (Array.isArray(linkLocal)) flags.push(...repeated('--link-local-ip', linkLocal.map(String)));
  return flags;
}

/** The service's networks in priority order (the first goes to `docker create`); none with network_mode. */
export function networkKeysInPriority(service: ServiceConfig): string[] {
  if (service.network_mode !== undefined) return [];
  return Object.entries(service.networks ?? {})
    .sort(([a, x], [b, y]) => (y?.priority ?? 0) - (x?.priority ?? 0) || (a < b ? -1 : 1))
    .map(([key]) => key);
}

/** `docker network connect` arguments that attach `container` to the service's network `key`. */
export function networkConnectArgs(project: Project, service: ServiceConfig, key: string, container: string): string[] {
  const config = service.networks?.[key] ?? null;
  return ['network', 'connect', ...endpointFlags(service, config, '--alias'), networkName(project, key), container];
}

/** `-p [ip:][host:]container[/proto]` per port. */
export function portFlags(ports: readonly PortConfig[]): string[] {
  return ports.flatMap((port) => {
    const ip = port.host_ip === undefined ? '' : port.host_ip.includes(':') ? `[${port.host_ip}]:` : `${port.host_ip}:`;
    const host = port.published === undefined ? (ip === '' ? '' : ':') : `${port.published}:`;
    const protocol = port.protocol === 'tcp' ? '' : `/${port.protocol}`;
    return ['-p', `${ip}${host}${port.target}${protocol}`];
  });
}

/** Published and exposed ports; port attributes without an engine meaning are reported. */
export function portAndExposeFlags(context: FlagContext): string[] {
  if (context.service.ports === undefined && context.service.expose === undefined) return [];
  const ports = context.service.ports ?? [];
  ports.forEach((port, index) => {
    if (port.name !== undefined) context.ignore(`ports[${index}].name`, 'a port name has no engine meaning');
    if (port.app_protocol !== undefined) context.ignore(`ports[${index}].app_protocol`, 'an application protocol has no engine meaning');
  });
  return [...portFlags(ports), ...repeated('--expose', context.service.expose)];
}

/** Hostname, domain name, DNS, extra hosts and legacy links (src/keys/families/naming.ts). */
export const nameResolutionFlags = registryFlags('nameResolution');
