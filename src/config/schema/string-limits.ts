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

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * One node of the walk. Its key path is kept as a link to the parent and built only for an error:
 * copying it per node was a third of the walk on a 10,000-service file.
 */
interface Item {
  readonly node: unknown;
  readonly key: string | number | undefined;
  readonly parent: Item | undefined;
  readonly depth: number;
  /** The first key of the path (the top-level section). */
  readonly top: string | undefined;
  readonly onArgv: boolean;
  /** Shared by everything below one entry of services, networks or volumes. */
  readonly total: { bytes: number } | undefined;
}

function keyPathOf(item: Item): KeyPath {
  const path: Array<string | number> = [];
  for (let at: Item | undefined = item; at !== undefined && at.key !== undefined; at = at.parent) path.push(at.key);
  return path.reverse();
}

/**
 * Mappings whose keys are data (a label or option named `x-...` is a label or option, not an
 * extension), from a service's or a resource's key on down (depth 3 or more).
 */
const DATA_MAPPINGS = new Set(['labels', 'environment', 'args', 'annotations', 'sysctls', 'extra_hosts', 'driver_opts', 'options', 'storage_opt', 'ulimits', 'additional_contexts']);

/**
 * Values that never reach argv (sent on stdin, or extensions): only the NUL rule applies to them.
 * Tested where such a key appears; everything below it inherits the answer.
 */
function offArgv(key: string, parent: Item): boolean {
  const depth = parent.depth + 1;
  if (key.startsWith('x-')) return depth < 4 || !DATA_MAPPINGS.has(String(parent.key));
  if (parent.top === 'configs' && depth === 3 && key === 'content') return true;
  return parent.top === 'services' && depth === 4 && parent.key === 'build' && key === 'dockerfile_inline';
}

function checkText(text: string, item: Item): void {
  if (text.includes('\0')) fail(keyPathOf(item), 'contains a NUL byte');
}

function checkArgument(size: number, item: Item): void {
  if (size > MAX_ARGUMENT_BYTES) fail(keyPathOf(item), `value is ${size} bytes: one docker argument holds at most ${MAX_ARGUMENT_BYTES}`);
}

function count(item: Item, size: number): void {
  if (item.total === undefined) return;
  item.total.bytes += size;
  if (item.total.bytes > MAX_COMMAND_BYTES) fail(keyPathOf(item).slice(0, 2), `its values add up to more than ${MAX_COMMAND_BYTES} bytes, more than one docker command line carries`);
}

function childItem(parent: Item, node: unknown, key: string | number, onArgv: boolean, total: { bytes: number } | undefined): Item {
  return { node, key, parent, depth: parent.depth + 1, top: parent.top ?? String(key), onArgv, total };
}

/** Walks the tree (iteratively: depth is not bounded here); the argv bytes of each top entry are added up on the way. */
export function checkStrings(tree: unknown): void {
  const stack: Item[] = [{ node: tree, key: undefined, parent: undefined, depth: 0, top: undefined, onArgv: true, total: undefined }];
  while (stack.length > 0) {
    const item = stack.pop() as Item;
    const { node, onArgv } = item;
    if (typeof node === 'string') {
      checkText(node, item);
      if (onArgv) {
        const size = bytes(node);
        checkArgument(size, item);
        count(item, size);
      }
    } else if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index++) stack.push(childItem(item, node[index], index, onArgv, item.total));
    } else if (typeof node === 'object' && node !== null) {
      const opensEntry = item.depth === 1 && SECTIONS.includes(item.top as string);
      const mapping = node as Readonly<Record<string, unknown>>;
      for (const key of Object.keys(mapping)) {
        const value = mapping[key];
        const childOnArgv = onArgv && !offArgv(key, item);
        const child = childItem(item, value, key, childOnArgv, opensEntry ? { bytes: 0 } : item.total);
        checkText(key, child);
        if (childOnArgv && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) {
          // `KEY=VALUE` (labels, environment, options) is one argument.
          checkArgument(bytes(key) + 1 + bytes(String(value)), child);
        }
        if (childOnArgv) count(child, bytes(key));
        stack.push(child);
      }
    }
  }
}
