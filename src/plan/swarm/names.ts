/** Names and labels of a stack's objects, as `docker stack deploy` gives them. */
import { createHash } from 'node:crypto';

export const StackLabel = {
  /** The stack a service, network, secret or config belongs to (docker stack's own label). */
  namespace: 'com.docker.stack.namespace',
  /** The image the file names (docker stack's own label). */
  image: 'com.docker.stack.image',
  /** sha256 of berth's spec of the service: a different value means `docker service update`. */
  configHash: 'com.docker.stack.berth.config-hash',
  /** berth's spec of the service (environment values as hashes), the base of the next update's delta flags. */
  spec: 'com.docker.stack.berth.spec',
} as const;

/** `STACK_key`: a service, network, volume, secret or config of the stack. */
export function stackObjectName(stack: string, key: string): string {
  return `${stack}_${key}`;
}

/** The first 10 hex digits of sha256(text). */
export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 10);
}

/** A stack name docker accepts (it becomes part of every object name). */
export const STACK_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
