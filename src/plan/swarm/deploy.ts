/**
 * `berth stack deploy` as a plan: networks, secrets and configs first, then each service created,
 * updated with delta flags, or left alone, then what the stack no longer uses removed.
 */
import type { ArgPart, Plan, Step } from '../../model/plan.js';
import type { Project } from '../../model/project.js';
import { environmentFlags } from '../flags/environment.js';
import { networkDriverFlags } from '../resource-args.js';
import { serviceDelta, specHash, storedSpec, withoutDigest, type StoredSpec } from './delta.js';
import { csvField } from './flag-shapes.js';
import { StackLabel, stackObjectName } from './names.js';
import { serviceSpec, type SwarmServiceSpec } from './service-spec.js';
import { stackNetworkName } from './service-flags.js';
import { contentKey, fileObjectName, usedFileObjects, type FileContents } from './stack-objects.js';

export interface ObservedSwarmService {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly replicas: number | undefined;
  readonly image: string;
}

/** What one observation of the engine found: the services (the file's, and the stack's with --prune), and which expected networks, secrets and configs exist. */
export interface ObservedStack {
  readonly services: readonly ObservedSwarmService[];
  readonly networks: readonly string[];
  readonly secrets: readonly string[];
  readonly configs: readonly string[];
}

export interface DeployOptions {
  readonly prune: boolean;
  readonly resolveImage: 'always' | 'changed' | 'never';
  readonly withRegistryAuth: boolean;
  /** The image each `build:` service deploys (service name → reference, with its pushed digest). */
  readonly builtImages?: Readonly<Record<string, string>>;
}

type StepFields = Pick<Step, 'kind' | 'resource' | 'cause' | 'argv' | 'doing' | 'done'> & Partial<Pick<Step, 'input' | 'service' | 'bestEffort'>>;

const step = (id: string, dependsOn: readonly string[], fields: StepFields): Step => ({ id, dependsOn, ...fields });

function networkSteps(project: Project, stack: string, observed: ObservedStack): Step[] {
  const used = new Set(Object.values(project.services).flatMap((service) => Object.keys(service.networks ?? {})));
  return [...used].sort().flatMap((key) => {
    const network = project.networks[key];
    const name = stackNetworkName(project, stack, key);
    if (network === undefined || network.external === true || observed.networks.includes(name)) return [];
    const labels = Object.entries({ ...network.labels, [StackLabel.namespace]: stack }).sort().flatMap(([label, value]) => ['--label', `${label}=${value}`]);
    const driver = network.driver === undefined ? ['--driver', 'overlay'] : [];
    return [step(`network:${key}`, [], { kind: 'network.create', resource: { type: 'Network', name }, cause: 'not found', argv: ['network', 'create', ...driver, ...networkDriverFlags(network), ...labels, name], doing: 'Creating', done: 'Created' })];
  });
}

function fileObjectSteps(project: Project, stack: string, contents: FileContents, observed: ObservedStack): { create: Step[]; wanted: Set<string> } {
  const create: Step[] = [];
  const wanted = new Set<string>();
  const used = usedFileObjects(project);
  for (const section of ['secrets', 'configs'] as const) {
    const kind = section === 'secrets' ? 'secret' : 'config';
    for (const key of Object.keys(project[section]).sort()) {
      const content = contents[contentKey(section, key)];
      if (content === undefined || !used.has(contentKey(section, key))) continue;
      const name = fileObjectName(project, stack, section, key, contents);
      wanted.add(name);
      if (observed[section].includes(name)) continue;
      create.push(step(`${kind}:${key}`, [], {
        kind: `${kind}.create`, resource: { type: kind === 'secret' ? 'Secret' : 'Config', name }, cause: 'not found (named by its content)',
        argv: [kind, 'create', '--label', `${StackLabel.namespace}=${stack}`, name, '-'], input: content, doing: 'Creating', done: 'Created',
      }));
    }
  }
  return { create, wanted };
}

function resolveFlags(options: DeployOptions, imageChanged: boolean): string[] {
  const resolve = options.resolveImage === 'always' || (options.resolveImage === 'changed' && imageChanged);
  return [...(resolve ? [] : ['--no-resolve-image']), ...(options.withRegistryAuth ? ['--with-registry-auth'] : [])];
}

function stackLabels(stack: string, spec: SwarmServiceSpec, flag: string): string[] {
  const stored = JSON.stringify(storedSpec(spec));
  return [flag, `${StackLabel.namespace}=${stack}`, flag, `${StackLabel.image}=${withoutDigest(spec.image)}`, flag, `${StackLabel.configHash}=${specHash(storedSpec(spec))}`, flag, `${StackLabel.spec}=${stored}`];
}

function createArgv(stack: string, spec: SwarmServiceSpec, options: DeployOptions, warn: (message: string) => void): ArgPart[] {
  return [
    'service', 'create', '--detach', '--name', spec.name,
    ...Object.entries(spec.scalars).flatMap(([flag, value]) => (value === '' ? [flag] : [flag, value])),
    ...Object.entries(spec.lists).flatMap(([flag, values]) => values.flatMap((value) => [flag, value])),
    ...environmentFlags(spec.env, `services.${spec.name}.environment`, warn),
    ...stackLabels(stack, spec, '--label'),
    ...resolveFlags(options, true),
    spec.image, ...(spec.args ?? []),
  ];
}

function parseStored(label: string | undefined): StoredSpec | undefined {
  if (label === undefined) return undefined;
  try {
    return JSON.parse(label) as StoredSpec;
  } catch {
    return undefined;
  }
}

function serviceSteps(stack: string, spec: SwarmServiceSpec, observed: ObservedSwarmService | undefined, options: DeployOptions, after: readonly string[], warn: (message: string) => void): Step[] {
  const resource = { type: 'Service' as const, name: spec.name };
  const create = (id: string, cause: string, dependsOn: readonly string[]): Step =>
    step(id, dependsOn, { kind: 'service.create', resource, cause, argv: createArgv(stack, spec, options, warn), doing: 'Creating', done: 'Created' });
  if (observed === undefined) return [create(`service:${spec.name}`, 'not found', after)];
  const previous = parseStored(observed.labels[StackLabel.spec]);
  const drift = { replicas: observed.replicas, image: observed.image };
  if (previous === undefined) return replace(`not deployed by berth (no ${StackLabel.spec} label)`);
  const delta = serviceDelta(previous, spec, drift, warn);
  if ('recreate' in delta) return replace(delta.recreate);
  if (delta.flags.length === 0) return [];
  const labels = observed.labels[StackLabel.configHash] === specHash(storedSpec(spec)) ? [] : stackLabels(stack, spec, '--label-add');
  return [step(`service:${spec.name}`, after, {
    kind: 'service.update', resource, cause: `${delta.changed.join(', ')} changed`, doing: 'Updating', done: 'Updated',
    argv: ['service', 'update', '--detach', ...delta.flags, ...labels, ...resolveFlags(options, delta.changed.includes('image')), spec.name],
  })];

  function replace(cause: string): Step[] {
    const remove = step(`service:${spec.name}:remove`, after, { kind: 'service.remove', resource, cause, argv: ['service', 'rm', spec.name], doing: 'Removing', done: 'Removed' });
    return [remove, create(`service:${spec.name}`, cause, [remove.id])];
  }
}

/** The steps creating what `spec` uses (its networks, secrets, configs): a service waits for those only. */
function usedBy(spec: SwarmServiceSpec, creates: readonly Step[]): string[] {
  const used = new Set([...(spec.lists['--network'] ?? []).map((entry) => csvField(entry, 'name')),
    ...(spec.lists['--secret'] ?? []).map((entry) => csvField(entry, 'source')), ...(spec.lists['--config'] ?? []).map((entry) => csvField(entry, 'source'))]);
  return creates.filter((item) => used.has(item.resource.name)).map((item) => item.id);
}

/** The stack's own secrets or configs (`STACK_key-<hash>`) the previous specs of `services` used. */
function previouslyUsed(services: readonly ObservedSwarmService[], section: 'secrets' | 'configs', stack: string): string[] {
  const flag = section === 'secrets' ? '--secret' : '--config';
  const used = services.flatMap((service) => parseStored(service.labels[StackLabel.spec])?.lists[flag] ?? []).map((entry) => csvField(entry, 'source'));
  return [...new Set(used)].filter((name) => name.startsWith(`${stack}_`)).sort();
}

/** The names the deploy looks for on the engine: the file's services, networks, secrets and configs. */
export interface ExpectedNames {
  readonly services: readonly string[];
  readonly networks: readonly string[];
  readonly secrets: readonly string[];
  readonly configs: readonly string[];
}

export function expectedNames(project: Project, stack: string, contents: FileContents): ExpectedNames {
  const used = usedFileObjects(project);
  const objects = (section: 'secrets' | 'configs'): string[] => Object.keys(project[section])
    .filter((key) => used.has(contentKey(section, key)) && project[section][key]?.external !== true)
    .map((key) => fileObjectName(project, stack, section, key, contents));
  const networks = [...new Set(Object.values(project.services).flatMap((service) => Object.keys(service.networks ?? {})))]
    .filter((key) => project.networks[key]?.external !== true).map((key) => stackNetworkName(project, stack, key));
  return { services: Object.keys(project.services).map((name) => stackObjectName(stack, name)), networks, secrets: objects('secrets'), configs: objects('configs') };
}

/** The networks, secrets and configs the stored specs of `services` refer to: they exist (Swarm keeps what a service uses). */
export function referencedBy(services: readonly ObservedSwarmService[]): Pick<ExpectedNames, 'networks' | 'secrets' | 'configs'> {
  const entries = (flag: string, field: string): string[] => services.flatMap((service) => parseStored(service.labels[StackLabel.spec])?.lists[flag] ?? []).map((entry) => csvField(entry, field));
  return { networks: entries('--network', 'name'), secrets: entries('--secret', 'source'), configs: entries('--config', 'source') };
}

/** The deploy plan of `project` as stack `stack`, from one observation of the engine. */
export function planStackDeploy(project: Project, stack: string, contents: FileContents, observed: ObservedStack, options: DeployOptions): Plan {
  const warnings: string[] = [];
  const warn = (message: string): void => void (warnings.includes(message) || warnings.push(message));
  const specs = Object.values(project.services).sort((a, b) => (a.name < b.name ? -1 : 1)).map((service) => serviceSpec({
    project, stack, service, contents, image: options.builtImages?.[service.name], ignore: (keyPath, why) => warn(`ignored: services.${service.name}.${keyPath}: ${why}`),
    caveat: (keyPath, what) => warn(`warning: services.${service.name}.${keyPath}: ${what}`),
  }));
  const objects = fileObjectSteps(project, stack, contents, observed);
  const first = [...networkSteps(project, stack, observed), ...objects.create];
  const services = specs.flatMap((spec) => serviceSteps(stack, spec, observed.services.find((service) => service.name === spec.name), options, usedBy(spec, first), warn));
  const serviceIds = services.map((item) => item.id);
  const names = new Set(specs.map((spec) => spec.name));
  const pruned = options.prune ? observed.services.filter((service) => !names.has(service.name)).map((service) =>
    step(`prune:${service.name}`, serviceIds, { kind: 'service.remove', resource: { type: 'Service', name: service.name }, cause: 'not in the compose file (--prune)', argv: ['service', 'rm', service.name], doing: 'Removing', done: 'Removed' })) : [];
  const after = [...serviceIds, ...pruned.map((item) => item.id)];
  const replaced = new Set([...names, ...pruned.map((item) => item.resource.name)]);
  const stale = (['secrets', 'configs'] as const).flatMap((section) => previouslyUsed(observed.services.filter((service) => replaced.has(service.name)), section, stack)
    .filter((name) => !objects.wanted.has(name)).map((name) => {
      const kind = section === 'secrets' ? 'secret' : 'config';
      return step(`${kind}:stale:${name}`, after, { kind: `${kind}.remove`, resource: { type: kind === 'secret' ? 'Secret' : 'Config', name }, cause: 'replaced or no longer in the file', argv: [kind, 'rm', name], doing: 'Removing', done: 'Removed', bestEffort: true });
    }));
  return { steps: [...first, ...services, ...pruned, ...stale], warnings };
}

