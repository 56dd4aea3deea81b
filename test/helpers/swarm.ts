import path from 'node:path';
import { docker } from './docker.js';

/**
 * Puts the engine DOCKER_HOST names in a swarm (a single-node one advertising `advertise`) when it is in
 * none, and returns what leaves it as it was found: the swarm left, and the docker_gwbridge that
 * `swarm init` made removed (leaving does not remove it).
 */
export async function ensureSwarm(advertise = '127.0.0.1'): Promise<() => Promise<void>> {
  if ((await docker(['info', '--format', '{{.Swarm.LocalNodeState}}'])).trim() === 'active') return async () => undefined;
  const hadGatewayBridge = (await docker(['network', 'ls', '-q', '--filter', 'name=^docker_gwbridge$'])).trim() !== '';
  await docker(['swarm', 'init', '--advertise-addr', advertise]);
  return async () => {
    await docker(['swarm', 'leave', '--force']).catch(() => undefined);
    // Task containers go a moment after the swarm is left: wait for them.
    await eventually(() => docker(['ps', '-aq', '--filter', 'label=com.docker.swarm.task.id']), (out) => out.trim() === '', 30);
    if (!hadGatewayBridge) await docker(['network', 'rm', 'docker_gwbridge']).catch(() => undefined);
  };
}

/** Polls until `check` holds (or `tries` seconds have passed); returns its last value. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, tries = 60): Promise<T> {
  let value = await read();
  for (let i = 0; i < tries && !check(value); i++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    value = await read();
  }
  return value;
}

/** `docker stack rm`, then waits until the stack's networks are gone (they go once their tasks have). */
export async function removeStack(stack: string): Promise<void> {
  await docker(['stack', 'rm', stack]).catch(() => undefined);
  await eventually(() => docker(['network', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${stack}`]), (out) => out.trim() === '');
}

/** Removes every image berth built for the project in `dir` (by its build label), the ones a rebuild left untagged too. */
export async function removeBuiltImages(dir: string): Promise<void> {
  const project = path.basename(dir).toLowerCase();
  const ids = [...new Set((await docker(['images', '-q', '--filter', `label=com.docker.compose.project=${project}`])).split('\n').filter(Boolean))];
  if (ids.length > 0) await docker(['image', 'rm', '-f', ...ids]).catch(() => undefined);
}
