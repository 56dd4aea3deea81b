import { stringify } from 'yaml';

/** The random projects and edits of the convergence property (test/helpers/converge-property.ts). */

/** mulberry32: a small seeded PRNG, so every failure replays from its seed. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;

/** What is mounted at one of the fixed paths. */
type Slot = 'none' | 'anon' | 'named:v0' | 'named:v1' | 'bind:b0' | 'bind:b1' | 'tmpfs';
const SLOT_KINDS: readonly Slot[] = ['none', 'anon', 'named:v0', 'named:v1', 'bind:b0', 'bind:b1', 'tmpfs'];
const PATHS = ['/data', '/cache', '/work'] as const;
const NETWORKS = ['n0', 'n1'] as const;

interface Service {
  name: string;
  generation: number;
  env: Record<string, string>;
  ports: number[];
  slots: Record<string, Slot>;
  /** Network key → aliases; empty: the default network. */
  networks: Record<string, string[]>;
  dependsOn: Record<string, 'service_started' | 'service_healthy'>;
  replicas: number;
  healthcheck: boolean;
  /** Active (`--profile on` is always given), inactive, or none. */
  profile: 'on' | 'off' | undefined;
}

export interface Model {
  services: Service[];
  nextName: number;
}

function newService(rng: Rng, name: string): Service {
  const service: Service = { name, generation: 0, env: {}, ports: [], slots: {}, networks: {}, dependsOn: {}, replicas: 1, healthcheck: rng() < 0.4, profile: undefined };
  if (rng() < 0.5) service.env['E0'] = String(Math.floor(rng() * 10));
  if (rng() < 0.3) service.ports.push(80);
  for (const target of PATHS) if (rng() < 0.3) service.slots[target] = pick(rng, SLOT_KINDS);
  if (rng() < 0.4) service.networks[pick(rng, NETWORKS)] = rng() < 0.5 ? [`${name}-alias`] : [];
  if (rng() < 0.2) service.replicas = 2;
  return service;
}

export function randomModel(rng: Rng): Model {
  const model: Model = { services: [], nextName: 0 };
  const count = 1 + Math.floor(rng() * 3);
  for (let index = 0; index < count; index++) model.services.push(newService(rng, `s${model.nextName++}`));
  for (let index = 0; index < 2; index++) addDependency(rng, model);
  return model;
}

/** Services something depends on stay without profile (a dependency on a disabled service is an error). */
const dependedOn = (model: Model, name: string): boolean => model.services.some((service) => name in service.dependsOn);

function addDependency(rng: Rng, model: Model): string | undefined {
  const index = 1 + Math.floor(rng() * (model.services.length - 1));
  const service = model.services[index];
  if (service === undefined) return undefined;
  // Only on an earlier service: no cycles.
  const target = model.services[Math.floor(rng() * index)] as Service;
  if (target.profile !== undefined) return undefined;
  service.dependsOn[target.name] = target.healthcheck && rng() < 0.5 ? 'service_healthy' : 'service_started';
  return `${service.name} depends on ${target.name} (${service.dependsOn[target.name]})`;
}

/** One random edit of the model; returns what it did. */
export function edit(rng: Rng, model: Model): string {
  const service = pick(rng, model.services);
  switch (Math.floor(rng() * 11)) {
    case 0:
      service.generation++;
      return `${service.name}: command changed`;
    case 1: {
      const key = pick(rng, ['E0', 'E1', 'E2']);
      if (key in service.env && rng() < 0.4) {
        delete service.env[key];
        return `${service.name}: env ${key} removed`;
      }
      service.env[key] = String(Math.floor(rng() * 100));
      return `${service.name}: env ${key}=${service.env[key]}`;
    }
    case 2: {
      const port = pick(rng, [80, 81]);
      service.ports = service.ports.includes(port) ? service.ports.filter((other) => other !== port) : [...service.ports, port];
      return `${service.name}: ports ${JSON.stringify(service.ports)}`;
    }
    case 3:
    case 4: {
      const target = pick(rng, PATHS);
      service.slots[target] = pick(rng, SLOT_KINDS);
      return `${service.name}: ${target} is ${service.slots[target]}`;
    }
    case 5: {
      const key = pick(rng, NETWORKS);
      if (key in service.networks && rng() < 0.5) delete service.networks[key];
      else service.networks[key] = rng() < 0.5 ? [`${service.name}-${key}-${Math.floor(rng() * 3)}`] : [];
      return `${service.name}: networks ${JSON.stringify(service.networks)}`;
    }
    case 6:
      service.replicas = 1 + Math.floor(rng() * 3);
      return `${service.name}: replicas ${service.replicas}`;
    case 7:
      service.healthcheck = !service.healthcheck;
      if (!service.healthcheck) for (const other of model.services) if (other.dependsOn[service.name] === 'service_healthy') other.dependsOn[service.name] = 'service_started';
      return `${service.name}: healthcheck ${service.healthcheck ? 'added' : 'removed'}`;
    case 8: {
      const names = Object.keys(service.dependsOn);
      if (names.length > 0 && rng() < 0.5) {
        delete service.dependsOn[pick(rng, names)];
        return `${service.name}: a dependency removed`;
      }
      return addDependency(rng, model) ?? 'no dependency added';
    }
    case 9:
      if (dependedOn(model, service.name)) return `${service.name}: profile kept (depended on)`;
      service.profile = pick(rng, [undefined, 'on', 'off'] as const);
      return `${service.name}: profile ${service.profile ?? 'none'}`;
    default:
      if (model.services.length > 1 && rng() < 0.5 && !dependedOn(model, service.name)) {
        model.services = model.services.filter((other) => other !== service);
        return `${service.name} removed`;
      }
      if (model.services.length >= 4) return 'no service added';
      model.services.push(newService(rng, `s${model.nextName++}`));
      return `s${model.nextName - 1} added`;
  }
}

const LOOP = "trap 'exit 0' TERM; while :; do sleep 1; done";

function volumeEntry(target: string, slot: Slot): unknown {
  if (slot === 'anon') return target;
  if (slot === 'tmpfs') return { type: 'tmpfs', target };
  const [kind, name] = slot.split(':') as [string, string];
  return kind === 'named' ? `${name}:${target}` : `./${name}:${target}`;
}

/** The compose file of a model. */
export function composeYaml(model: Model): string {
  const services: Record<string, unknown> = {};
  for (const service of model.services) {
    const volumes = Object.entries(service.slots).filter(([, slot]) => slot !== 'none').map(([target, slot]) => volumeEntry(target, slot));
    const networks = Object.keys(service.networks).length === 0 ? undefined : Object.fromEntries(Object.entries(service.networks).map(([key, aliases]) => [key, aliases.length === 0 ? null : { aliases }]));
    services[service.name] = {
      image: 'berth-test/busybox:latest',
      command: ['sh', '-c', LOOP, `gen${service.generation}`],
      ...(Object.keys(service.env).length === 0 ? {} : { environment: service.env }),
      ...(service.ports.length === 0 ? {} : { ports: service.ports.map((port) => `127.0.0.1::${port}`) }),
      ...(volumes.length === 0 ? {} : { volumes }),
      ...(networks === undefined ? {} : { networks }),
      ...(Object.keys(service.dependsOn).length === 0 ? {} : { depends_on: Object.fromEntries(Object.entries(service.dependsOn).map(([name, condition]) => [name, { condition }])) }),
      ...(service.replicas === 1 ? {} : { deploy: { replicas: service.replicas } }),
      ...(service.healthcheck ? { healthcheck: { test: ['CMD', 'true'], interval: '1s', start_period: '1s' } } : {}),
      ...(service.profile === undefined ? {} : { profiles: [service.profile] }),
    };
  }
  return stringify({ services, volumes: { v0: {}, v1: {} }, networks: { n0: {}, n1: {} } });
}

/** The enabled services of a model (`--profile on`). */
export const enabled = (model: Model): string[] => model.services.filter((service) => service.profile !== 'off').map((service) => service.name).sort();

