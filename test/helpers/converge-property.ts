import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { berth } from './berth.js';
import { docker, purgeProject } from './docker.js';
import { mutatingCalls, recordingDocker } from './converge.js';

/**
 * Convergence property: a random project put through random edits, `up -d` after each, ends equal to a
 * fresh `up -d` of the final file in another project; one more `up -d` then changes nothing.
 */

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
const enabled = (model: Model): string[] => model.services.filter((service) => service.profile !== 'off').map((service) => service.name).sort();

interface InspectedContainer {
  Name: string;
  Config: { Cmd: string[] | null; Env: string[]; Image: string; Healthcheck?: unknown; Labels: Record<string, string> };
  HostConfig: { PortBindings: Record<string, Array<{ HostIp: string }>> | null; RestartPolicy: unknown; Tmpfs?: unknown };
  Mounts: Array<{ Type: string; Name?: string; Source: string; Destination: string; RW: boolean }>;
  NetworkSettings: { Networks: Record<string, { Aliases: string[] | null }> };
  State: { Status: string };
}

/**
 * Labels left out of the comparison: the project's own, and depends_on, which (as in compose) is not
 * part of the config hash, so a changed dependency condition alone recreates nothing.
 */
const IGNORED_LABELS = ['com.docker.compose.project', 'com.docker.compose.project.working_dir', 'com.docker.compose.project.config_files', 'com.docker.compose.replace', 'com.docker.compose.depends_on'];

/** Per `service#number`, the config-relevant fields of the project's containers, with names made project-neutral. */
export async function projectSnapshot(project: string, dir: string, services: readonly string[]): Promise<Record<string, unknown>> {
  const ids = (await docker(['ps', '-a', '-q', '--filter', `label=com.docker.compose.project=${project}`, '--filter', 'label=com.docker.compose.oneoff=False'])).split('\n').filter(Boolean);
  if (ids.length === 0) return {};
  const neutral = (text: string): string => text.split(project).join('<project>');
  const containers = JSON.parse(await docker(['inspect', ...ids])) as InspectedContainer[];
  const snapshot: Record<string, unknown> = {};
  for (const container of containers) {
    const labels = container.Config.Labels;
    const service = labels['com.docker.compose.service'] ?? '';
    if (!services.includes(service)) continue;
    snapshot[`${service}#${labels['com.docker.compose.container-number']}`] = {
      name: neutral(container.Name),
      cmd: container.Config.Cmd,
      env: [...container.Config.Env].sort(),
      image: container.Config.Image,
      healthcheck: container.Config.Healthcheck ?? null,
      labels: Object.fromEntries(Object.entries(labels).filter(([key]) => key.startsWith('com.docker.compose.') && !IGNORED_LABELS.includes(key)).map(([key, value]) => [key, neutral(value)])),
      ports: Object.fromEntries(Object.entries(container.HostConfig.PortBindings ?? {}).map(([port, bindings]) => [port, bindings.map((binding) => binding.HostIp)])),
      restart: container.HostConfig.RestartPolicy,
      tmpfs: container.HostConfig.Tmpfs ?? null,
      mounts: container.Mounts.map((mount) => ({
        type: mount.Type,
        destination: mount.Destination,
        rw: mount.RW,
        source: mount.Type === 'volume' ? (/^[0-9a-f]{64}$/.test(mount.Name ?? '') ? '<anonymous>' : neutral(mount.Name ?? '')) : mount.Type === 'bind' ? path.relative(dir, mount.Source) : '',
      })).sort((a, b) => (a.destination < b.destination ? -1 : 1)),
      networks: Object.fromEntries(Object.entries(container.NetworkSettings.Networks).map(([name, network]) => [neutral(name), (network.Aliases ?? []).filter((alias) => !/^[0-9a-f]{12}$/.test(alias)).sort()])),
      state: container.State.Status,
    };
  }
  return snapshot;
}

export interface PropertyOutcome {
  readonly seed: number;
  readonly edits: string[];
  /** What went wrong; empty when the property held. */
  readonly failures: string[];
  readonly ups: number;
  readonly milliseconds: number;
}

/** One seeded run: random project, `rounds` random edits with `up -d` after each, then the comparisons. */
export async function runProperty(seed: number, rounds: number): Promise<PropertyOutcome> {
  const started = Date.now();
  const rng = random(seed);
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-property-'));
  for (const name of ['b0', 'b1']) {
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, 'file'), `${name}\n`);
  }
  const converged = `bcp-${seed}-a`;
  const fresh = `bcp-${seed}-b`;
  const failures: string[] = [];
  const edits: string[] = [];
  let ups = 0;
  const model = randomModel(rng);
  const up = async (project: string, env: Record<string, string> = {}): Promise<boolean> => {
    writeFileSync(path.join(dir, 'compose.yaml'), composeYaml(model));
    ups++;
    const began = Date.now();
    const result = await berth(['-p', project, '--profile', 'on', 'up', '-d'], { cwd: dir, env });
    if (process.env['BERTH_PROPERTY_TRACE'] !== undefined) process.stderr.write(`up ${project} ${Date.now() - began} ms\n${result.stderr}\n`);
    if (result.exitCode !== 0) failures.push(`up -d of ${project} after [${edits.join('; ')}] exited ${result.exitCode}: ${result.stderr.trim().split('\n').slice(-3).join(' / ')}`);
    return result.exitCode === 0;
  };
  try {
    await purgeProject(converged);
    await purgeProject(fresh);
    if (await up(converged)) {
      for (let round = 0; round < rounds; round++) {
        edits.push(edit(rng, model));
        if (!(await up(converged))) break;
      }
    }
    if (failures.length === 0 && (await up(fresh))) {
      const services = enabled(model);
      const [left, right] = await Promise.all([projectSnapshot(converged, dir, services), projectSnapshot(fresh, dir, services)]);
      for (const key of [...new Set([...Object.keys(left), ...Object.keys(right)])].sort()) {
        const a = JSON.stringify(left[key]);
        const b = JSON.stringify(right[key]);
        if (a !== b) failures.push(`${key} differs:\n  converged: ${a}\n  fresh:     ${b}`);
      }
      const recorder = recordingDocker();
      if (await up(converged, { DOCKER_BIN: recorder.bin })) {
        const mutating = mutatingCalls(recorder.calls());
        if (mutating.length > 0) failures.push(`one more up -d ran: ${mutating.map((argv) => argv.slice(0, 3).join(' ')).join('; ')}`);
      }
    }
  } finally {
    for (const project of [converged, fresh]) await berth(['-p', project, '--profile', 'on', 'down', '-v', '--remove-orphans', '-t', '1'], { cwd: dir });
    await purgeProject(converged);
    await purgeProject(fresh);
  }
  return { seed, edits, failures, ups, milliseconds: Date.now() - started };
}

/** A failure report that names the seed to replay. */
export function describeFailure(outcome: PropertyOutcome, rounds: number): string {
  return `convergence property failed for seed ${outcome.seed} (rounds ${rounds}; replay: node scripts/converge-property.mjs ${outcome.seed} ${rounds} 1)\nedits: ${outcome.edits.join('; ')}\n${outcome.failures.join('\n')}`;
}
