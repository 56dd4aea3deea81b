/**
 * Rules for values docker or the engine would refuse (so berth refuses them at load, located, before
 * any side effect): restart policies, names that reach docker as positional arguments, image
 * references, variable names, durations.
 */
import type { KeyPath } from '../yaml-source.js';
import { fail } from '../model-error.js';
import { formatGoDuration, parseGoDuration } from './duration.js';

/** Text still holding `$` is left as written (`config --no-interpolate`); docker never sees it so. */
function uninterpolated(text: string): boolean {
  return text.includes('$');
}

/** `no`, `always`, `unless-stopped`, `on-failure[:N]`: what `docker run --restart` and the daemon take. */
export function checkRestartPolicy(policy: string, keyPath: KeyPath): void {
  if (uninterpolated(policy)) return;
  const match = /^(no|always|unless-stopped|on-failure)(?::(.*))?$/.exec(policy);
  if (match === null) fail(keyPath, `invalid restart policy ${JSON.stringify(policy)}: must be no, always, unless-stopped or on-failure[:max-retries]`);
  const retries = match[2];
  if (retries === undefined) return;
  if (match[1] !== 'on-failure') fail(keyPath, `invalid restart policy ${JSON.stringify(policy)}: a maximum retry count goes only with on-failure`);
  if (!/^\d+$/.test(retries) || Number(retries) > 2 ** 31 - 1) fail(keyPath, `invalid restart policy ${JSON.stringify(policy)}: the maximum retry count must be a non-negative integer`);
}

/** Docker's container name rule (`validContainerNamePattern`). */
export function checkContainerName(name: string, keyPath: KeyPath): void {
  if (uninterpolated(name)) return;
  if (!/^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(name)) fail(keyPath, `invalid container name ${JSON.stringify(name)}: only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
}

/** A shell variable name (what `environment:` of a secret or config names). */
export function checkVariableName(name: string, keyPath: KeyPath): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) fail(keyPath, `invalid environment variable name ${JSON.stringify(name)}: must match [A-Za-z_][A-Za-z0-9_]*`);
}

// The grammar of distribution/reference (what `docker run IMAGE` and `docker build -t` parse).
const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])`;
const DOMAIN = `${HOST}(?::[0-9]+)?`;
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
export const IMAGE_REFERENCE = new RegExp(`^(${NAME})(?::${TAG})?(?:@${DIGEST})?$`);

/** An image reference docker would parse (`name[:tag][@digest]`, lowercase repository, under 256 bytes). */
export function checkImageReference(image: string, keyPath: KeyPath): void {
  if (uninterpolated(image)) return;
  const match = IMAGE_REFERENCE.exec(image);
  if (match === null) {
    const lower = IMAGE_REFERENCE.exec(image.toLowerCase()) !== null;
    fail(keyPath, `invalid image reference ${JSON.stringify(image)}${lower ? ': repository name must be lowercase' : ''}`);
  }
  if ((match[1] as string).length > 255) fail(keyPath, `invalid image reference: repository name must not be longer than 255 characters`);
}

/**
 * The engine name of a network, volume, secret or config: docker reads a name that starts with `-` as
 * an option, and control characters have no place in one.
 */
export function checkResourceName(name: string, kind: string, keyPath: KeyPath): void {
  if (name === '') fail(keyPath, `invalid ${kind} name: must not be empty`);
  if (name.startsWith('-')) fail(keyPath, `invalid ${kind} name ${JSON.stringify(name)}: must not start with "-"`);
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(name)) fail(keyPath, `invalid ${kind} name ${JSON.stringify(name)}: must not contain control characters`);
}

/** The local volume driver's name rule. */
export function checkLocalVolumeName(name: string, keyPath: KeyPath): void {
  if (uninterpolated(name)) return;
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(name)) fail(keyPath, `invalid volume name ${JSON.stringify(name)}: only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed for a local volume`);
}

/**
 * A Go duration in compose's printed form; `minimum` (nanoseconds) refuses shorter non-zero
 * durations, as the daemon does for healthcheck intervals (1ms) and negative timeouts (0).
 */
export function asGoDuration(text: string, keyPath: KeyPath, minimum: { ns: number; why: string } = { ns: 0, why: 'must not be negative' }): string {
  const ns = parseGoDuration(text);
  if (ns === undefined) fail(keyPath, `invalid duration ${JSON.stringify(text)}`);
  if (ns < 0 || (ns !== 0 && ns < minimum.ns)) fail(keyPath, `invalid duration ${JSON.stringify(text)}: ${minimum.why}`);
  return formatGoDuration(ns);
}
