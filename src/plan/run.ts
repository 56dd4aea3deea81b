import { ownValue, setKey } from '../config/mapping.js';
import type { ObservedState } from '../model/observed.js';
import type { ArgPart, Plan, Step } from '../model/plan.js';
import type { PortConfig, Project, ServiceConfig } from '../model/project.js';
import { containerArgs, type TranslateOptions } from './container-args.js';
import { networkKeysInPriority } from './flags/network.js';
import { planHooks } from './hooks.js';
import { planBuild, planPull } from './images.js';
import { containerName, networkName, projectScopedName, replicaCount, serviceImage } from './names.js';
import { planInSequence } from './network-repair.js';
import { PlanBuilder } from './plan-builder.js';
import { planDecided, type UpDecision } from './up.js';
import { planResources } from './up-resources.js';
import { addWait } from './waits.js';

/** What `berth run` changes in the service for its one-off container (compose's run options). */
export interface OneOffOptions {
  /** Replaces the service command when given. */
  readonly command?: readonly string[];
  /** --entrypoint, already split into words; clears the command unless one is given. */
  readonly entrypoint?: readonly string[];
  /** -e KEY=VALUE (KEY alone: taken from `environment` when set there). */
  readonly env?: readonly string[];
  /** --env-from-file: the files' variables (read by the CLI), under -e and over the service's environment. */
  readonly envFromFiles?: Readonly<Record<string, string>>;
  readonly labels?: readonly string[];
  /** -p: ports to publish, parsed (the service's own ports are published only with --service-ports). */
  readonly publish?: readonly PortConfig[];
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
  ports.push(...(options.publish ?? []));
  oneOff.ports = ports;
  if (options.entrypoint !== undefined) {
    oneOff.entrypoint = [...options.entrypoint];
    oneOff.command = options.command === undefined ? null : [...options.command];
  } else if (options.command !== undefined && options.command.length > 0) {
    oneOff.command = [...options.command];
  }
  oneOff.environment = { ...service.environment, ...options.envFromFiles, ...flagEnvironment(options.env ?? [], environment) };
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

/** The values of `-e KEY=VALUE` and `-e KEY` (taken from `environment`, left out when unset there). */
export function flagEnvironment(entries: readonly string[], environment: Readonly<Record<string, string>>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const entry of entries) {
    const at = entry.indexOf('=');
    if (at >= 0) setKey(values, entry.slice(0, at), entry.slice(at + 1));
    else if (ownValue(environment, entry) !== undefined) setKey(values, entry, ownValue(environment, entry) as string);
  }
  return values;
}

/** `-v SRC:DST[:MODE]` of run: binds (absolute paths) or named volumes, as the docker CLI takes them. */
function shortVolume(text: string): { type: 'bind' | 'volume'; source?: string; target: string; read_only?: boolean } {
  const [first, second, mode] = text.split(':');
  if (second === undefined) return { type: 'volume', target: first ?? text };
  return { type: (first ?? '').startsWith('/') || (first ?? '').startsWith('.') ? 'bind' : 'volume', source: first ?? '', target: second, ...(mode === 'ro' ? { read_only: true } : {}) };
}

/** Name of a one-off container: `<project>-<service>-run-<first 12 hex of the slug>`. */
export function oneOffName(project: Project, service: ServiceConfig, slug: string): string {
  return projectScopedName(project, service.name, 'run', slug.slice(0, 12));
}

/** `docker create` arguments of a one-off container: oneoff=True and slug labels, aliases only with --use-aliases. */
export function oneOffCreateArgs(project: Project, service: ServiceConfig, name: string, slug: string, options: { useAliases: boolean; primaryNetwork: string | undefined } & TranslateOptions): ArgPart[] {
  return containerArgs(project, service, { name, number: 0, primaryNetwork: options.primaryNetwork, oneOff: { slug, useAliases: options.useAliases } }, options);
}

/** What `berth run` asks for besides the one-off service itself. */
export interface RunRequest {
  /** The service as declared (its image, depends_on). */
  readonly target: ServiceConfig;
  /** The service as its one-off container runs it (oneOffService). */
  readonly oneOff: ServiceConfig;
  readonly name: string;
  readonly slug: string;
  readonly detach: boolean;
  readonly rm: boolean;
  readonly interactive: boolean;
  readonly useAliases: boolean;
  /** --build, --pull for the target's own image. */
  readonly build: boolean;
  readonly pull: 'always' | 'missing' | 'never' | undefined;
  /** --quiet-pull (and -q): `docker pull --quiet`. */
  readonly quietPull?: boolean;
  /** Where the translation's warnings go. */
  readonly warn: (message: string) => void;
}

const NOTHING: Plan = { steps: [], warnings: [] };

/** The target's own image: built when missing (or --build), pulled when missing (or --pull always). */
function targetImagePlan(project: Project, observed: ObservedState, request: RunRequest): Plan {
  const service = request.target;
  const present = observed.images.has(serviceImage(project, service));
  if (service.build !== undefined && (request.build || (!present && request.pull !== 'always'))) return planBuild(project, [service]);
  if (request.pull === 'never') return NOTHING;
  if (request.pull === 'always' || !present) return planPull(project, observed, [service], { policy: request.pull === 'always' ? 'always' : 'missing', quiet: request.quietPull === true });
  return NOTHING;
}

/** Waits on the target's depends_on conditions (healthy, completed) before the one-off starts. */
function planDependencyConditions(project: Project, service: ServiceConfig): Plan {
  const builder = new PlanBuilder();
  for (const [name, dependency] of Object.entries(service.depends_on ?? {})) {
    const target = project.services[name];
    if (target === undefined || dependency.condition === 'service_started') continue;
    for (let number = 1; number <= replicaCount(target); number++) {
      addWait(name, containerName(project, target, number), dependency.condition === 'service_healthy' ? 'healthy' : 'completed', dependency.required, [], builder);
    }
  }
  return builder.build();
}

/** An attached one-off's hooks: berth runs them once it has started, beside it; a script, after it. */
const ATTACHED_HOOK = 'post_start hook, once the one-off container has started (berth runs it beside the attached container; this script, after it)';

/**
 * The one-off container's steps. With one network, `docker run` (attached, or -d printing the ID);
 * with several, `docker create`, `network connect` for the others (the CLI cannot attach them at
 * run), then `docker start` (-a: attached). The last step runs in the foreground, with the terminal.
 */
function planOneOff(project: Project, observed: ObservedState, request: RunRequest): Plan {
  const builder = new PlanBuilder();
  const networks = networkKeysInPriority(request.oneOff);
  const engine = { apiVersion: observed.apiVersion, endpoint: observed.endpoint };
  const args = oneOffCreateArgs(project, request.oneOff, request.name, request.slug, { useAliases: request.useAliases, primaryNetwork: networks[0], warn: request.warn, engine });
  const base = { resource: { type: 'Container' as const, name: request.name }, service: request.target.name };
  const attached = request.detach ? 'detached, printing its ID' : 'attached';
  if (networks.length <= 1) {
    const runFlags = [...(request.detach ? ['-d'] : []), ...(request.rm ? ['--rm'] : [])];
    const run = builder.add({ ...base, id: 'one-off:run', kind: 'container.run', cause: `one-off container, ${attached}`, argv: ['run', ...runFlags, ...args], dependsOn: [], doing: 'Running', done: 'Exited', foreground: true });
    planHooks(request.oneOff, 'post_start', { container: request.name, name: request.name, idBase: 'one-off', after: [run], ...(request.detach ? {} : { cause: ATTACHED_HOOK }) }, builder);
    return builder.build();
  }
  let last = builder.add({ ...base, id: 'one-off:create', kind: 'container.create', cause: 'one-off container', argv: ['create', ...(request.rm ? ['--rm'] : []), ...args], dependsOn: [], doing: 'Creating', done: 'Created' });
  for (const key of networks.slice(1)) {
    last = builder.add({ ...base, id: `one-off:connect:${key}`, kind: 'network.connect', cause: `attach to network ${key} before start`, argv: ['network', 'connect', networkName(project, key), request.name], dependsOn: [last], doing: 'Connecting', done: 'Connected' });
  }
  const startFlags = request.detach ? [] : ['-a', ...(request.interactive ? ['-i'] : [])];
  const start = builder.add({ ...base, id: 'one-off:start', kind: 'container.start', cause: `one-off container, ${attached}`, argv: ['start', ...startFlags, request.name], dependsOn: [last], doing: 'Starting', done: 'Started', foreground: true });
  planHooks(request.oneOff, 'post_start', { container: request.name, name: request.name, idBase: 'one-off', after: [start], ...(request.detach ? {} : { cause: ATTACHED_HOOK }) }, builder);
  return builder.build();
}

/**
 * Plans `run`: the dependencies brought up as `up` would (`dependencies`: their decision, if any),
 * the target's image, the waits on its dependencies' conditions, then the one-off container, each
 * part after the one before. The foreground step (Step.foreground) is the CLI's to run, last.
 */
export function planRun(project: Project, observed: ObservedState, dependencies: UpDecision | undefined, request: RunRequest): Plan {
  const preparation = dependencies === undefined ? NOTHING : planDecided(project, observed, dependencies);
  const known = new Set(preparation.steps.map((step) => step.id));
  // The target's own networks and volumes too (those it shares with its dependencies are planned once).
  const resources = new PlanBuilder();
  planResources(project, observed, [request.target], resources);
  const own = [targetImagePlan(project, observed, request), resources.build()];
  const added = own.flatMap((plan) => plan.steps).filter((step) => !known.has(step.id));
  const prepared: Plan = { steps: [...preparation.steps, ...added], warnings: [...preparation.warnings, ...own.flatMap((plan) => plan.warnings)] };
  return [planDependencyConditions(project, request.target), planOneOff(project, observed, request)].reduce(planInSequence, prepared);
}

/**
 * The plan split around its foreground step (the one-off `run` attaches to the terminal): what comes
 * before it, the step, and what waits for it (the one-off's post_start hooks, run once the container
 * has started, as compose runs them on the start event; their wait on the foreground step dropped).
 */
export function splitForeground(plan: Plan): { background: Plan; foreground: Step | undefined; afterStart: Plan } {
  const foreground = plan.steps.find((step) => step.foreground === true);
  const after = new Set<string>(foreground === undefined ? [] : [foreground.id]);
  for (const step of plan.steps) if (step.dependsOn.some((id) => after.has(id))) after.add(step.id);
  const afterStart = plan.steps.filter((step) => after.has(step.id) && step !== foreground).map((step) => ({ ...step, dependsOn: step.dependsOn.filter((id) => id !== foreground?.id) }));
  return { background: { ...plan, steps: plan.steps.filter((step) => !after.has(step.id)) }, foreground, afterStart: { steps: afterStart, warnings: [] } };
}
