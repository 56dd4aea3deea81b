import type { ArgPart } from '../model/plan.js';
import type { PortConfig, Project, ServiceConfig } from '../model/project.js';
import { canonicalPorts } from '../config/canonical/ports.js';
import { containerArgs, type TranslateOptions } from './container-args.js';

/** What `berth run` changes in the service for its one-off container (compose's run options). */
export interface OneOffOptions {
  /** Replaces the service command when given. */
  readonly command?: readonly string[];
  /** --entrypoint, already split into words; clears the command unless one is given. */
  readonly entrypoint?: readonly string[];
  /** -e KEY=VALUE (KEY alone: taken from `environment` when set there). */
  readonly env?: readonly string[];
  readonly labels?: readonly string[];
  /** -p: ports to publish (the service's own ports are published only with --service-ports). */
  readonly publish?: readonly string[];
  readonly servicePorts?: boolean;
  readonly useAliases?: boolean;
  readonly user?: string;
  readonly workdir?: string;
  /** -v: extra volumes (short syntax). */
  readonly volumes?: readonly string[];
  readonly capAdd?: readonly string[];
  readonly capDrop?: readonly string[];
  readonly tty: boolean;
  readonly interactive: boolean;
}

/** The service as its one-off container runs it: no restart policy, ports only when asked, overrides applied. */
export function oneOffService(service: ServiceConfig, options: OneOffOptions, environment: Readonly<Record<string, string>>): ServiceConfig {
  const oneOff: ServiceConfig = { ...service };
  delete oneOff.restart;
  if (oneOff.deploy !== undefined) {
    const { restart_policy: _policy, ...deploy } = oneOff.deploy;
    oneOff.deploy = deploy;
  }
  const ports: PortConfig[] = options.servicePorts === true ? [...(service.ports ?? [])] : [];
  if ((options.publish ?? []).length > 0) ports.push(...canonicalPorts([...(options.publish ?? [])], ['run', 'publish']));
  oneOff.ports = ports;
  if (options.entrypoint !== undefined) {
    oneOff.entrypoint = [...options.entrypoint];
    oneOff.command = options.command === undefined ? null : [...options.command];
  } else if (options.command !== undefined && options.command.length > 0) {
    oneOff.command = [...options.command];
  }
  const env: Record<string, string | null> = { ...service.environment };
  for (const entry of options.env ?? []) {
    const at = entry.indexOf('=');
    if (at >= 0) env[entry.slice(0, at)] = entry.slice(at + 1);
    else if (environment[entry] !== undefined) env[entry] = environment[entry] as string;
  }
  oneOff.environment = env;
  if ((options.labels ?? []).length > 0) {
    const labels = { ...service.labels };
    for (const entry of options.labels ?? []) {
      const at = entry.indexOf('=');
      labels[at < 0 ? entry : entry.slice(0, at)] = at < 0 ? '' : entry.slice(at + 1);
    }
    oneOff.labels = labels;
  }
  if (options.user !== undefined) oneOff.user = options.user;
  if (options.workdir !== undefined) oneOff.working_dir = options.workdir;
  if ((options.volumes ?? []).length > 0) oneOff['volumes'] = [...(service.volumes ?? []), ...(options.volumes ?? []).map((text) => ({ ...shortVolume(text) }))];
  const capAdd = new Set([...((service['cap_add'] as string[] | undefined) ?? []), ...(options.capAdd ?? [])]);
  const capDrop = new Set([...((service['cap_drop'] as string[] | undefined) ?? []), ...(options.capDrop ?? [])]);
  for (const cap of options.capAdd ?? []) capDrop.delete(cap);
  for (const cap of options.capDrop ?? []) capAdd.delete(cap);
  if (capAdd.size > 0) oneOff['cap_add'] = [...capAdd];
  if (capDrop.size > 0) oneOff['cap_drop'] = [...capDrop];
  oneOff['tty'] = options.tty;
  oneOff['stdin_open'] = options.interactive;
  return oneOff;
}

/** `-v SRC:DST[:MODE]` of run: binds (absolute paths) or named volumes, as the docker CLI takes them. */
function shortVolume(text: string): { type: 'bind' | 'volume'; source?: string; target: string; read_only?: boolean } {
  const [first, second, mode] = text.split(':');
  if (second === undefined) return { type: 'volume', target: first ?? text };
  return { type: (first ?? '').startsWith('/') || (first ?? '').startsWith('.') ? 'bind' : 'volume', source: first ?? '', target: second, ...(mode === 'ro' ? { read_only: true } : {}) };
}

/** Name of a one-off container: `<project>-<service>-run-<first 12 hex of the slug>`. */
export function oneOffName(project: Project, service: ServiceConfig, slug: string): string {
  return `${project.name}-${service.name}-run-${slug.slice(0, 12)}`;
}

/** `docker create` arguments of a one-off container: oneoff=True and slug labels, aliases only with --use-aliases. */
export function oneOffCreateArgs(project: Project, service: ServiceConfig, name: string, slug: string, options: { useAliases: boolean; primaryNetwork: string | undefined } & TranslateOptions): ArgPart[] {
  return containerArgs(project, service, { name, number: 0, primaryNetwork: options.primaryNetwork, oneOff: { slug, useAliases: options.useAliases } }, options);
}
