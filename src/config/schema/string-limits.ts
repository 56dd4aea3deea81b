/**
 * Strings that reach a docker command line must fit in one: no NUL byte (argv strings end at one),
 * no single argument over Linux's MAX_ARG_STRLEN, no service whose values add up to more than a
 * command line carries (ARG_MAX, shared with the environment). Checked on the raw tree, so the error
 * names the key before anything runs.
 */
import { fail } from '../model-error.js';
import type { KeyPath } from '../yaml-source.js';

/** Linux's MAX_ARG_STRLEN (32 pages, the NUL included), less room for the text berth puts around a value. */
export const MAX_ARGUMENT_BYTES = 131072 - 1 - 1024;
/** Half of the usual 2 MiB ARG_MAX: what one service, network or volume may put on a command line. */
export const MAX_COMMAND_BYTES = 1024 * 1024;

const SECTIONS = ['services', 'networks', 'volumes'];

/** Values that never reach argv (sent on stdin, or extensions): only the NUL rule applies to them. */
function offArgv(keyPath: KeyPath): boolean {
  const last = keyPath[keyPath.length - 1];
  if (typeof last === 'string' && last.startsWith('x-')) return true;
  if (keyPath[0] === 'configs' && keyPath[2] === 'content') return true;
  return keyPath[0] === 'services' && keyPath[2] === 'build' && keyPath[3] === 'dockerfile_inline';
}

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function checkText(text: string, keyPath: KeyPath): void {
  if (text.includes('\0')) fail(keyPath, 'contains a NUL byte');
}

function checkArgument(size: number, keyPath: KeyPath): void {
  if (size > MAX_ARGUMENT_BYTES) fail(keyPath, `value is ${size} bytes: one docker argument holds at most ${MAX_ARGUMENT_BYTES}`);
}

/** Walks the tree (iteratively: depth is not bounded here); the argv bytes of each top entry are added up on the way. */
export function checkStrings(tree: unknown): void {
  // `total` is shared by everything below one entry of services, networks or volumes.
  type Item = { node: unknown; keyPath: KeyPath; onArgv: boolean; total: { bytes: number } | undefined };
  const stack: Item[] = [{ node: tree, keyPath: [], onArgv: true, total: undefined }];
  const count = (item: Item, keyPath: KeyPath, size: number): void => {
    if (item.total === undefined) return;
    item.total.bytes += size;
    if (item.total.bytes > MAX_COMMAND_BYTES) fail(keyPath.slice(0, 2), `its values add up to more than ${MAX_COMMAND_BYTES} bytes, more than one docker command line carries`);
  };
  while (stack.length > 0) {
    const item = stack.pop() as Item;
    const { node, keyPath, onArgv } = item;
    if (typeof node === 'string') {
      checkText(node, keyPath);
      if (onArgv) {
        checkArgument(bytes(node), keyPath);
        count(item, keyPath, bytes(node));
      }
    } else if (Array.isArray(node)) {
      node.forEach((child, index) => stack.push({ node: child, keyPath: [...keyPath, index], onArgv, total: item.total }));
    } else if (typeof node === 'object' && node !== null) {
      const opensEntry = keyPath.length === 1 && SECTIONS.includes(String(keyPath[0]));
      for (const [key, value] of Object.entries(node)) {
        const childPath = [...keyPath, key];
        checkText(key, childPath);
        const childOnArgv = onArgv && !offArgv(childPath);
        if (childOnArgv && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) {
          // `KEY=VALUE` (labels, environment, options) is one argument.
          checkArgument(bytes(key) + 1 + bytes(String(value)), childPath);
        }
        const child: Item = { node: value, keyPath: childPath, onArgv: childOnArgv, total: opensEntry ? { bytes: 0 } : item.total };
        if (childOnArgv) count(child, childPath, bytes(key));
        stack.push(child);
      }
    }
  }
}
