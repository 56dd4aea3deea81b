/** The hand-written `docker service create` flags: ports, mounts, secrets and configs, networks. */
import type { Project, ServiceConfig, ServiceVolumeConfig } from '../../model/project.js';
import { runtimeOf } from '../../model/service-runtime.js';
import { mountField } from '../flags/mounts.js';
import { StackLabel, stackObjectName } from './names.js';
import { fileObjectName, type FileContents } from './stack-objects.js';

export interface SwarmServiceContext {
  readonly project: Project;
  readonly stack: string;
  readonly service: ServiceConfig;
  readonly contents: FileContents;
  ignore(keyPath: string, why: string): void;
  /** A key passed on with a difference worth knowing (an exec-form healthcheck run by a shell). */
  caveat(keyPath: string, what: string): void;
}

/** `--publish mode=...,target=...,published=...,protocol=...` (long syntax: what -rm takes back). */
export function publishFlags({ service, ignore }: SwarmServiceContext): string[] {
  return (service.ports ?? []).flatMap((port, index) => {
    if (port.host_ip !== undefined) ignore(`ports[${index}].host_ip`, 'Swarm publishes on every address of the node');
    if (port.published?.includes('-') === true) {
      ignore(`ports[${index}]`, `published range ${port.published}: Swarm publishes single ports`);
      return [];
    }
    const fields = [`mode=${port.mode === 'host' ? 'host' : 'ingress'}`, `target=${port.target}`];
    if (port.published !== undefined) fields.push(`published=${port.published}`);
    fields.push(`protocol=${port.protocol}`);
    return ['--publish', fields.join(',')];
  });
}

function volumeMount(context: SwarmServiceContext, volume: ServiceVolumeConfig, index: number): string[] {
  const target = mountField('target', volume.target);
  const readOnly = volume.read_only === true ? ['readonly'] : [];
  switch (volume.type) {
    case 'bind':
      return [['type=bind', mountField('source', volume.source ?? ''), target, ...readOnly,
        ...(volume.bind?.propagation === undefined ? [] : [`bind-propagation=${volume.bind.propagation}`])].join(',')];
    case 'tmpfs':
      return [['type=tmpfs', target, ...(volume.tmpfs?.size === undefined ? [] : [`tmpfs-size=${volume.tmpfs.size}`])].join(',')];
    case 'volume': {
      const declared = volume.source === undefined ? undefined : context.project.volumes[volume.source];
      const name = declared === undefined ? volume.source : declared.external === true ? declared.name : stackObjectName(context.stack, volume.source ?? '');
      const fields = ['type=volume', ...(name === undefined ? [] : [mountField('source', name)]), target, ...readOnly];
      if (volume.volume?.nocopy === true) fields.push('volume-nocopy');
      if (declared?.driver !== undefined) fields.push(mountField('volume-driver', declared.driver));
      for (const [option, value] of Object.entries(declared?.driver_opts ?? {}).sort()) fields.push(mountField('volume-opt', `${option}=${value}`));
      if (declared !== undefined && declared.external !== true) fields.push(mountField('volume-label', `${StackLabel.namespace}=${context.stack}`));
      return [fields.join(',')];
    }
    default:
      context.ignore(`volumes[${index}]`, `volume type ${volume.type} is not a service mount`);
      return [];
  }
}

export function mountFlags(context: SwarmServiceContext): string[] {
  const runtime = runtimeOf(context.service);
  const mounts = (context.service.volumes ?? []).flatMap((volume, index) => volumeMount(context, volume, index));
  mounts.push(...(runtime.tmpfs ?? []).map((target) => `type=tmpfs,${mountField('target', target)}`));
  if (runtime.volumes_from !== undefined) context.ignore('volumes_from', 'Swarm tasks share no container volumes');
  return mounts.flatMap((mount) => ['--mount', mount]);
}

/** `--secret` / `--config source=NAME,target=...,uid,gid,mode` (mode in octal). */
export function fileObjectFlags(context: SwarmServiceContext, section: 'secrets' | 'configs'): string[] {
  return (runtimeOf(context.service)[section] ?? []).flatMap((reference) => {
    const fields = [`source=${fileObjectName(context.project, context.stack, section, reference.source, context.contents)}`, mountField('target', reference.target)];
    if (reference.uid !== undefined) fields.push(`uid=${reference.uid}`);
    if (reference.gid !== undefined) fields.push(`gid=${reference.gid}`);
    if (reference.mode !== undefined) fields.push(`mode=0${reference.mode.toString(8)}`);
    return [section === 'secrets' ? '--secret' : '--config', fields.join(',')];
  });
}

/** The Swarm name of the stack network `key`. */
export function stackNetworkName(project: Project, stack: string, key: string): string {
  const network = project.networks[key];
  return network?.external === true ? network.name : stackObjectName(stack, key);
}

/** `--network name=STACK_net,alias=SERVICE,alias=...` (docker stack gives each service its key as alias). */
export function serviceNetworkFlags(context: SwarmServiceContext): string[] {
  const { service } = context;
  if (service.network_mode !== undefined) context.ignore('network_mode', 'a service attaches to overlay networks; host, bridge and container modes are no service setting');
  return Object.entries(service.networks ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)).flatMap(([key, config]) => {
    for (const setting of ['ipv4_address', 'ipv6_address', 'mac_address', 'link_local_ips', 'priority', 'driver_opts', 'interface_name', 'gw_priority']) {
      if (config?.[setting] !== undefined) context.ignore(`networks.${key}.${setting}`, 'Swarm assigns task endpoints itself');
    }
    const aliases = [...new Set([service.name, ...(config?.aliases ?? [])])];
    return ['--network', [`name=${stackNetworkName(context.project, context.stack, key)}`, ...aliases.map((alias) => `alias=${alias}`)].join(',')];
  });
}
