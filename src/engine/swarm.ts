/** Reads a stack's objects from the engine, and waits for its services to converge. */
import { DockerCommandError, UserError } from '../model/errors.js';
import type { ObservedStack, ObservedSwarmService } from '../plan/swarm/deploy.js';
import { StackLabel } from '../plan/swarm/names.js';
import { dockerOutput, runDocker } from './docker.js';

const namespaceFilter = (stack: string): string[] => ['--filter', `label=${StackLabel.namespace}=${stack}`];

function names(output: string): string[] {
  return output.split('\n').map((line) => line.trim()).filter(Boolean);
}

interface InspectedObject {
  Name?: string;
  IPAM?: unknown;
  Spec?: { Name?: string; Labels?: Record<string, string>; Data?: string; Mode?: { Replicated?: { Replicas?: number } }; TaskTemplate?: { ContainerSpec?: { Image?: string } } };
}

function toService({ Spec }: InspectedObject): ObservedSwarmService {
  return {
    name: Spec?.Name ?? '',
    labels: Spec?.Labels ?? {},
    replicas: Spec?.Mode?.Replicated?.Replicas,
    image: (Spec?.TaskTemplate?.ContainerSpec?.Image ?? '').replace(/@sha256:[0-9a-f]+$/, ''),
  };
}

/** The kind of an object `docker inspect` (no --type) returned, from its shape; undefined: another kind. */
function kindOf(object: InspectedObject): 'service' | 'network' | 'secret' | 'config' | undefined {
  if (object.Spec?.TaskTemplate !== undefined) return 'service';
  if (object.IPAM !== undefined && object.Name !== undefined) return 'network';
  if (object.Spec?.Name !== undefined) return object.Spec.Data !== undefined ? 'config' : 'secret';
  return undefined;
}

/** `docker inspect NAME...` without --type: the objects found (a missing name is no error). */
async function inspectAny(expected: readonly string[]): Promise<InspectedObject[]> {
  if (expected.length === 0) return [];
  const result = await runDocker(['inspect', ...expected]);
  const missingOnly = names(result.stderr).every((line) => /no such object/i.test(line));
  if (result.exitCode !== 0 && !missingOnly) throw new DockerCommandError(['inspect', ...expected], result.exitCode, result.stderr);
  return result.stdout.trim().startsWith('[') ? JSON.parse(result.stdout) as InspectedObject[] : [];
}

async function stackServices(stack: string): Promise<ObservedSwarmService[]> {
  const ids = names(await dockerOutput(['service', 'ls', '-q', ...namespaceFilter(stack)]));
  return ids.length === 0 ? [] : (JSON.parse(await dockerOutput(['service', 'inspect', ...ids])) as InspectedObject[]).map(toService);
}

/** Each kind read alone, by the namespace label: when a name the stack uses is held by another kind of object. */
async function observeByKind(stack: string): Promise<ObservedStack> {
  const list = async (kind: string): Promise<string[]> => names(await dockerOutput([kind, 'ls', '--format', '{{.Name}}', ...namespaceFilter(stack)]));
  const [services, networks, secrets, configs] = await Promise.all([stackServices(stack), list('network'), list('secret'), list('config')]);
  return { services, networks, secrets, configs };
}

/**
 * One look at the stack: the names the file expects in one `docker inspect` without --type (one
 * docker process for a no-op deploy), and with --prune the stack's services (`service ls` + inspect)
 * at the same time. If the answer holds an object of another kind, each kind is read alone.
 */
export async function observeStack(stack: string, expected: readonly string[], prune: boolean): Promise<ObservedStack> {
  const [objects, listed] = await Promise.all([inspectAny(expected), prune ? stackServices(stack) : Promise.resolve([])]);
  if (objects.some((object) => kindOf(object) === undefined)) return observeByKind(stack);
  const named = (kind: string): string[] => objects.filter((object) => kindOf(object) === kind).map((object) => (kind === 'network' ? object.Name : object.Spec?.Name) ?? '');
  const services = objects.filter((object) => kindOf(object) === 'service').map(toService);
  const found = new Set(services.map((service) => service.name));
  return { services: [...services, ...listed.filter((service) => !found.has(service.name))], networks: named('network'), secrets: named('secret'), configs: named('config') };
}

interface ListedService {
  Name: string;
  Replicas: string;
}

interface InspectedTask {
  CreatedAt: string;
  Status?: { Err?: string };
}

/** The error of a task of the service created since `since` (this deploy's tasks), if one failed. */
async function taskError(service: string, since: number): Promise<string | undefined> {
  const ids = names(await dockerOutput(['service', 'ps', '-q', '--no-trunc', service]));
  if (ids.length === 0) return undefined;
  const tasks = JSON.parse(await dockerOutput(['inspect', '--type', 'task', ...ids])) as InspectedTask[];
  return tasks.find((task) => Date.parse(task.CreatedAt) >= since && (task.Status?.Err ?? '') !== '')?.Status?.Err;
}

/**
 * Polls `docker service ls` until every service of the stack runs as many tasks as it wants and no
 * update is in progress; a service whose tasks of this deploy (created since `since`) keep failing (5
 * looks in a row) fails it, with the task's error; so does an update rolled back or paused.
 */
export async function waitForStack(stack: string, services: readonly string[], since: number, pollMilliseconds = 1000): Promise<void> {
  const failing = new Map<string, number>();
  for (;;) {
    const listed = names(await dockerOutput(['service', 'ls', '--format', '{{json .}}', ...namespaceFilter(stack)])).map((line) => JSON.parse(line) as ListedService);
    const pending = listed.filter((service) => services.includes(service.Name) && !converged(service.Replicas));
    const updating = await updatesInProgress(services);
    if (pending.length === 0 && updating.length === 0) return;
    for (const service of pending) {
      const error = await taskError(service.Name, since);
      const count = error === undefined ? 0 : (failing.get(service.Name) ?? 0) + 1;
      failing.set(service.Name, count);
      if (count >= 5) throw new UserError(`service ${service.Name} did not converge (${service.Replicas} tasks running): ${error}`);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMilliseconds));
  }
}

function converged(replicas: string): boolean {
  const [running, desired] = replicas.split(' ')[0]?.split('/') ?? [];
  return running !== undefined && running === desired;
}

/** Services whose rolling update has not finished (UpdateStatus.State updating or rollback_started). */
async function updatesInProgress(services: readonly string[]): Promise<string[]> {
  if (services.length === 0) return [];
  const states = names(await dockerOutput(['service', 'inspect', '--format', '{{.Spec.Name}} {{if .UpdateStatus}}{{.UpdateStatus.State}}|{{.UpdateStatus.Message}}{{end}}', ...services]));
  const rolledBack = states.find((line) => / (paused|rollback_completed|rollback_paused)\|/.test(line));
  if (rolledBack !== undefined) throw new UserError(`service ${rolledBack.replace(' ', ': update ').replace('|', ': ')}`);
  return states.filter((line) => / (updating|rollback_started)\|/.test(line)).map((line) => line.split(' ')[0] ?? '');
}
