/** Reads a stack's objects from the engine, and waits for its services to converge. */
import { DockerCommandError, UserError } from '../model/errors.js';
import { referencedBy, type ExpectedNames, type ObservedStack, type ObservedSwarmService } from '../plan/swarm/deploy.js';
import { StackLabel } from '../plan/swarm/names.js';
import { dockerOutput, runDocker } from './docker.js';

const namespaceFilter = (stack: string): string[] => ['--filter', `label=${StackLabel.namespace}=${stack}`];

function names(output: string): string[] {
  return output.split('\n').map((line) => line.trim()).filter(Boolean);
}

interface InspectedService {
  Spec: { Name: string; Labels?: Record<string, string>; Mode?: { Replicated?: { Replicas?: number } }; TaskTemplate?: { ContainerSpec?: { Image?: string } } };
}

function toService({ Spec }: InspectedService): ObservedSwarmService {
  return {
    name: Spec.Name,
    labels: Spec.Labels ?? {},
    replicas: Spec.Mode?.Replicated?.Replicas,
    image: Spec.TaskTemplate?.ContainerSpec?.Image ?? '',
  };
}

/** `docker KIND inspect NAME...` (`docker inspect --type task` for tasks): the output for the objects found (a missing name is no error). */
async function inspectFound(kind: string, wanted: readonly string[], format: string[] = []): Promise<string> {
  if (wanted.length === 0) return '';
  const argv = [...(kind === 'task' ? ['inspect', '--type', 'task'] : [kind, 'inspect']), ...format, ...wanted];
  const result = await runDocker(argv);
  if (result.exitCode !== 0 && !names(result.stderr).every((line) => /no such|not found/i.test(line))) throw new DockerCommandError(argv, result.exitCode, result.stderr);
  return result.stdout;
}

async function inspectServices(wanted: readonly string[]): Promise<ObservedSwarmService[]> {
  const output = (await inspectFound('service', wanted)).trim();
  return output.startsWith('[') ? (JSON.parse(output) as InspectedService[]).map(toService) : [];
}

/** Which of `wanted` exist: those `known` to exist, and the others looked up (one `docker KIND inspect`). */
async function existing(kind: string, wanted: readonly string[], known: readonly string[]): Promise<string[]> {
  const unknown = wanted.filter((name) => !known.includes(name));
  const found = names(await inspectFound(kind, unknown, ['--format', kind === 'network' ? '{{.Name}}' : '{{.Spec.Name}}']));
  return wanted.filter((name) => known.includes(name) || found.includes(name));
}

/**
 * One look at the stack: `docker service inspect` of the file's services (and with --prune the stack's
 * others, by the namespace label, at the same time). Networks, secrets and configs the services'
 * stored specs refer to exist; only the others are looked up, so a no-op deploy runs one docker command.
 */
export async function observeStack(stack: string, expected: ExpectedNames, prune: boolean): Promise<ObservedStack> {
  const others = async (): Promise<ObservedSwarmService[]> => {
    const ids = names(await dockerOutput(['service', 'ls', '-q', ...namespaceFilter(stack)]));
    return inspectServices(ids);
  };
  const [services, listed] = await Promise.all([inspectServices(expected.services), prune ? others() : Promise.resolve([])]);
  const known = referencedBy(services);
  const [networks, secrets, configs] = await Promise.all([
    existing('network', expected.networks, known.networks), existing('secret', expected.secrets, known.secrets), existing('config', expected.configs, known.configs),
  ]);
  const found = new Set(services.map((service) => service.name));
  return { services: [...services, ...listed.filter((service) => !found.has(service.name))], networks, secrets, configs };
}

/** The RepoDigests of each local image of `images` (none for an image not present). */
export async function repoDigests(images: readonly string[]): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const line of names(await inspectFound('image', images, ['--format', '{{json .RepoTags}} {{json .RepoDigests}}']))) {
    const [tags, digests] = line.split(' ').map((part) => (JSON.parse(part) as string[] | null) ?? []);
    for (const image of images) if (tags?.includes(image) === true || tags?.includes(`${image}:latest`) === true) found[image] = digests ?? [];
  }
  return found;
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
  // A task can go between the two commands (a scale-down): it is then no error.
  const output = (await inspectFound('task', ids)).trim();
  const tasks = output.startsWith('[') ? (JSON.parse(output) as InspectedTask[]) : [];
  return tasks.find((task) => Date.parse(task.CreatedAt) >= since && (task.Status?.Err ?? '') !== '')?.Status?.Err;
}

/** One look at a service while the deploy waits: its running and desired tasks (as `docker service ls` counts them), and whether its update runs. */
export interface ServiceLook {
  readonly service: string;
  readonly running: number;
  readonly desired: number;
  readonly updating: boolean;
  readonly converged: boolean;
}

/**
 * Polls `docker service ls` until every service of the stack runs as many tasks as it wants and no
 * update is in progress, handing each look to `onLook`; a service whose tasks of this deploy (created
 * since `since`) keep failing (5 looks in a row) fails it, with the task's error (`ServiceFailure`);
 * so does an update rolled back or paused.
 */
export async function waitForStack(stack: string, services: readonly string[], since: number, onLook: (looks: readonly ServiceLook[]) => void = () => undefined, pollMilliseconds = 1000): Promise<void> {
  const failing = new Map<string, number>();
  for (;;) {
    const listed = names(await dockerOutput(['service', 'ls', '--format', '{{json .}}', ...namespaceFilter(stack)])).map((line) => JSON.parse(line) as ListedService);
    const updating = await updatesInProgress(services);
    const looks = services.map((service) => look(service, listed.find((entry) => entry.Name === service)?.Replicas, updating.includes(service)));
    onLook(looks);
    const pending = looks.filter((entry) => entry.running !== entry.desired);
    if (looks.every((entry) => entry.converged)) return;
    for (const { service, running, desired } of pending) {
      const error = await taskError(service, since);
      const count = error === undefined ? 0 : (failing.get(service) ?? 0) + 1;
      failing.set(service, count);
      if (count >= 5) throw new ServiceFailure(service, `service ${service} did not converge (${running}/${desired} tasks running): ${error}`);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMilliseconds));
  }
}

/** A deploy that failed because of one service (its tasks keep failing, its update was rolled back or paused). */
export class ServiceFailure extends UserError {
  constructor(readonly service: string, message: string) {
    super(message);
  }
}

/** A service's look from its `docker service ls` REPLICAS (`1/2`, `2/2 (max 1 per node)`; a service not listed has gone: nothing to wait for). */
function look(service: string, replicas: string | undefined, updating: boolean): ServiceLook {
  const [running = 0, desired = 0] = (replicas ?? '0/0').split(' ')[0]?.split('/').map((count) => Number(count) || 0) ?? [];
  return { service, running, desired, updating, converged: running === desired && !updating };
}

/** Services whose rolling update has not finished (UpdateStatus.State updating or rollback_started). */
async function updatesInProgress(services: readonly string[]): Promise<string[]> {
  if (services.length === 0) return [];
  const states = names(await dockerOutput(['service', 'inspect', '--format', '{{.Spec.Name}} {{if .UpdateStatus}}{{.UpdateStatus.State}}|{{.UpdateStatus.Message}}{{end}}', ...services]));
  const rolledBack = states.find((line) => / (paused|rollback_completed|rollback_paused)\|/.test(line));
  if (rolledBack !== undefined) throw new ServiceFailure(rolledBack.split(' ')[0] ?? '', `service ${rolledBack.replace(' ', ': update ').replace('|', ': ')}`);
  return states.filter((line) => / (updating|rollback_started)\|/.test(line)).map((line) => line.split(' ')[0] ?? '');
}
