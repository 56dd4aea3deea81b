import { posix } from 'node:path';
import type { HealthcheckConfig, PortConfig, Project, ServiceConfig, ServiceVolumeConfig } from '../model/project.js';
import type { ArgPart } from '../model/plan.js';
import { BERTH_VERSION, Label } from '../model/labels.js';
import { serviceConfigHash } from './hash.js';
import { serviceImage } from './names.js';
import { shellQuote } from './shell-quote.js';

/** What a container is, beyond its service: its name, replica number and network attachment. */
export interface ContainerIdentity {
  readonly name: string;
  readonly number: number;
  /** The network given to `docker create/run --network`; others are connected before start. */
  readonly primaryNetwork: string | undefined;
}

/** Flags for `docker create`/`docker run` of one service replica, then the image and command. */
export function containerArgs(project: Project, service: ServiceConfig, identity: ContainerIdentity): ArgPart[] {
  return [
    '--name', identity.name,
    ...labelFlags(project, service, identity),
    ...environmentFlags(service),
    ...networkFlags(project, service, identity),
    ...portFlags(service.ports ?? []),
    ...(service.expose ?? []).flatMap((port) => ['--expose', port]),
    ...mountFlags(project, service.volumes ?? []),
    ...processFlags(service),
    ...healthFlags(service.healthcheck),
    ...imageAndCommand(project, service),
  ];
}

function sortedEntries<T>(record: Readonly<Record<string, T>>): Array<[string, T]> {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The compose labels (one set, as docker compose v2 writes them) plus the service's own labels. */
function labelFlags(project: Project, service: ServiceConfig, identity: ContainerIdentity): ArgPart[] {
  const labels: Record<string, string> = {
    ...service.labels,
    [Label.project]: project.name,
    [Label.service]: service.name,
    [Label.containerNumber]: String(identity.number),
    [Label.oneoff]: 'False',
    [Label.configHash]: serviceConfigHash(service),
    [Label.version]: BERTH_VERSION,
    [Label.workingDir]: project.workingDir,
    [Label.configFiles]: project.configFiles.join(','),
    [Label.dependsOn]: sortedEntries(service.depends_on ?? {})
      .map(([name, dependency]) => `${name}:${dependency.condition}:${dependency.restart === true}`)
      .join(','),
  };
  if (project.envFiles.length > 0) labels[Label.environmentFile] = project.envFiles.join(',');
  const flags: ArgPart[] = sortedEntries(labels).flatMap(([key, value]) => ['--label', `${key}=${value}`]);
  flags.push('--label', { prefix: `${Label.image}=`, imageIdOf: serviceImage(project, service) });
  return flags;
}

/** `-e KEY=VALUE`, sorted; a null value is passed as a bare `-e KEY` (unset in the container). */
function environmentFlags(service: ServiceConfig): string[] {
  return sortedEntries(service.environment ?? {}).flatMap(([key, value]) => ['-e', value === null ? key : `${key}=${value}`]);
}

function networkFlags(project: Project, service: ServiceConfig, identity: ContainerIdentity): string[] {
  if (service.network_mode !== undefined) return ['--network', service.network_mode];
  if (identity.primaryNetwork === undefined) return ['--network', 'none'];
  const key = identity.primaryNetwork;
  const network = project.networks[key];
  const config = service.networks?.[key] ?? null;
  const flags = ['--network', network?.name ?? key];
  for (const alias of [service.name, ...(config?.aliases ?? [])]) flags.push('--network-alias', alias);
  if (config?.ipv4_address !== undefined) flags.push('--ip', config.ipv4_address);
  if (config?.ipv6_address !== undefined) flags.push('--ip6', config.ipv6_address);
  return flags;
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

/** `-v` for binds, named and anonymous volumes (named ones by their engine name), `--mount` for tmpfs. */
function mountFlags(project: Project, volumes: readonly ServiceVolumeConfig[]): string[] {
  return volumes.flatMap((volume) => {
    if (volume.type === 'tmpfs') {
      const options = [`type=tmpfs`, `dst=${volume.target}`];
      if (volume.tmpfs?.size !== undefined) options.push(`tmpfs-size=${volume.tmpfs.size}`);
      if (volume.tmpfs?.mode !== undefined) options.push(`tmpfs-mode=${volume.tmpfs.mode.toString(8)}`);
      return ['--mount', options.join(',')];
    }
    if (volume.source === undefined) return ['-v', volume.target];
    const source = volume.type === 'volume' ? project.volumes[volume.source]?.name ?? volume.source : volume.source;
    const options: string[] = [volume.read_only === true ? 'ro' : 'rw'];
    if (volume.volume?.nocopy === true) options.push('nocopy');
    if (volume.bind?.selinux !== undefined) options.push(volume.bind.selinux);
    if (volume.bind?.propagation !== undefined) options.push(volume.bind.propagation);
    return ['-v', `${source}:${volume.target}:${options.join(',')}`];
  });
}

function processFlags(service: ServiceConfig): string[] {
  const flags: string[] = [];
  if (service.restart !== undefined) flags.push('--restart', service.restart);
  if (service.working_dir !== undefined) flags.push('-w', service.working_dir);
  if (service.user !== undefined) flags.push('-u', service.user);
  if (typeof service['hostname'] === 'string') flags.push('--hostname', service['hostname']);
  if (service.entrypoint !== undefined && service.entrypoint !== null) flags.push('--entrypoint', service.entrypoint[0] ?? '');
  return flags;
}

function healthFlags(healthcheck: HealthcheckConfig | undefined): string[] {
  if (healthcheck === undefined) return [];
  const test = healthcheck.test;
  if (test?.[0] === 'NONE') return ['--no-healthcheck'];
  const flags: string[] = [];
  if (test !== undefined) {
    // docker --health-cmd is always CMD-SHELL: an exec-form test is shell-quoted into one.
    const command = test[0] === 'CMD-SHELL' ? test.slice(1).join(' ') : test.slice(1).map(shellQuote).join(' ');
    flags.push('--health-cmd', command);
  }
  if (healthcheck.interval !== undefined) flags.push('--health-interval', healthcheck.interval);
  if (healthcheck.timeout !== undefined) flags.push('--health-timeout', healthcheck.timeout);
  if (healthcheck.start_period !== undefined) flags.push('--health-start-period', healthcheck.start_period);
  if (healthcheck.start_interval !== undefined) flags.push('--health-start-interval', healthcheck.start_interval);
  if (healthcheck.retries !== undefined) flags.push('--health-retries', String(healthcheck.retries));
  return flags;
}

/** The image, then the command; a list entrypoint's tail goes before the command (the CLI takes one word). */
function imageAndCommand(project: Project, service: ServiceConfig): string[] {
  const entrypointTail = service.entrypoint?.slice(1) ?? [];
  return [serviceImage(project, service), ...entrypointTail, ...(service.command ?? [])];
}

/** `docker build` arguments for a service's image. */
export function buildArgs(project: Project, service: ServiceConfig, options: { noCache?: boolean; pull?: boolean } = {}): string[] {
  const build = service.build;
  if (build === undefined) return [];
  const image = serviceImage(project, service);
  const args = ['build', '-t', image];
  for (const tag of build.tags ?? []) args.push('-t', tag);
  if (build.dockerfile !== undefined) {
    args.push('-f', posix.isAbsolute(build.dockerfile) ? build.dockerfile : posix.join(build.context, build.dockerfile));
  }
  for (const [key, value] of sortedEntries(build.args ?? {})) if (value !== null) args.push('--build-arg', `${key}=${value}`);
  const labels = { ...build.labels, [Label.project]: project.name, [Label.service]: service.name, [Label.version]: BERTH_VERSION };
  for (const [key, value] of sortedEntries(labels)) args.push('--label', `${key}=${value}`);
  if (build.target !== undefined) args.push('--target', build.target);
  if (options.noCache === true) args.push('--no-cache');
  if (options.pull === true) args.push('--pull');
  if (build.dockerfile_inline !== undefined) args.push('-f', '-');
  args.push(build.context);
  return args;
}
