/**
 * Compose-file fuzzing shared by test/e2e/fuzz-config.test.ts and scripts/fuzz-config.mjs: seeded
 * mutations of the fixtures' and seeds' compose files, and a check that one `berth config` or
 * `berth up --dry-run` run (no engine reachable) ends in exit 0 or a located error, never an
 * internal error or a stack trace, within the time and memory bound.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const measured = path.join(repoRoot, 'scripts', 'measured-berth.cjs');

/** The bound of the issue: every input of up to 1 MB finishes in 2 s and 512 MiB. */
export const TIME_LIMIT_MS = 2000;
export const MEMORY_LIMIT_KIB = 512 * 1024;

/** mulberry32: a small seeded generator, so that a failing seed can be replayed. */
export function randomGenerator(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const below = (n) => Math.floor(next() * n);
  return { next, below, pick: (list) => list[below(list.length)] };
}

/** Every compose file of fixtures/ (seeds included), as text. */
export function corpus() {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/^(docker-)?compose[\w.-]*\.ya?ml$/.test(name)) files.push(readFileSync(full, 'utf8'));
    }
  };
  walk(path.join(repoRoot, 'fixtures'));
  return files;
}

const SCALARS = ['[]', '{}', 'null', 'true', '-1', '1e400', '99999999999999999999999', '"x"', '0x1F', '.inf', '~', '""', '!!binary aGk=', '"\\0"', '"\u0000"', '"é中🚢"', '${constructor}', '${A:-${B:-${C}}}', '$$', '${', '*nope'];
const KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', '<<', 'x-extra', 'image', 'services', 'depends_on', 'extends', '"\u0000"'];

function deepNesting(random) {
  const depth = 1 + random.below(400);
  return random.next() < 0.5 ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{a: '.repeat(depth)}1${'}'.repeat(depth)}`;
}

function aliasBomb(random) {
  const levels = 3 + random.below(12);
  const lines = ['x-l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let level = 1; level < levels; level++) lines.push(`x-l${level}: &l${level} [${Array(9).fill(`*l${level - 1}`).join(',')}]`);
  return lines.join('\n');
}

/** One random mutation of `text`. */
export function mutate(text, random) {
  const lines = text.split('\n');
  const at = random.below(lines.length);
  const indent = (lines[at] ?? '').match(/^\s*/)[0];
  switch (random.below(14)) {
    case 0: { // byte flip
      if (text.length === 0) return '\u0000';
      const offset = random.below(text.length);
      return text.slice(0, offset) + String.fromCharCode(random.below(128)) + text.slice(offset + 1);
    }
    case 1:
      lines.splice(at, 1);
      return lines.join('\n');
    case 2: {
      const other = random.below(lines.length);
      [lines[at], lines[other]] = [lines[other], lines[at]];
      return lines.join('\n');
    }
    case 3:
      lines.splice(at, 0, lines[at] ?? '');
      return lines.join('\n');
    case 4: // type swap: the value of a `key: value` line
      lines[at] = (lines[at] ?? '').replace(/:\s+.*$/, `: ${random.pick(SCALARS)}`);
      return lines.join('\n');
    case 5:
      lines[at] = (lines[at] ?? '').replace(/\d+/, random.pick(['99999999999999999999999', '-99999999999', '1e308', '0', '65536', '4294967296']));
      return lines.join('\n');
    case 6:
      lines.splice(at, 0, `${indent}${random.pick(['x-deep', 'environment', 'labels', 'deploy', 'ports'])}: ${deepNesting(random)}`);
      return lines.join('\n');
    case 7:
      return `${aliasBomb(random)}\n${text}`;
    case 8:
      lines[at] = (lines[at] ?? '').replace(/^(\s*)([\w.-]+):/, `$1$2: &a\n$1  x-self: *a\n$1$2-copy:`);
      return lines.join('\n');
    case 9: {
      const offset = random.below(text.length + 1);
      return text.slice(0, offset) + random.pick(['\u0000', 'é', '中', '🚢', '\u202e', '\ufeff', '\r', '\t', '\u2028']) + text.slice(offset);
    }
    case 10:
      lines.splice(at, 0, `${indent}${random.pick(KEYS)}: ${random.pick([...SCALARS, '{privileged: true, volumes: ["/:/host"]}'])}`);
      return lines.join('\n');
    case 11:
      lines.splice(at, 0, `${indent}${random.pick(KEYS)}:`, `${indent}  ${random.pick(KEYS)}: ${random.pick(SCALARS)}`);
      return lines.join('\n');
    case 12: {
      const length = 1 + random.below(3000);
      return `${text}\nx-long: "${'${A:-'.repeat(length)}x${'}'.repeat(length)}"\n`;
    }
    default:
      return lines.slice(0, random.below(lines.length + 1)).join('\n');
  }
}

/** A mutated compose file: 1 to 3 mutations of a random corpus file. */
export function mutant(files, random) {
  let text = random.pick(files);
  const count = 1 + random.below(3);
  for (let index = 0; index < count; index++) text = mutate(text, random);
  return text;
}

/** Why a run's outcome breaks the rules, or undefined when it keeps them. */
export function judge(run, composeFile) {
  if (run.exitCode !== 0 && run.exitCode !== 1) return `exit code ${run.exitCode}`;
  if (/internal error/.test(run.stderr)) return 'internal error';
  if (/\n\s+at .+:\d+:\d+\)?\n/.test(run.stderr)) return 'stack trace';
  if (run.ms > TIME_LIMIT_MS) return `took ${run.ms} ms`;
  if (run.maxRssKiB > MEMORY_LIMIT_KIB) return `used ${run.maxRssKiB} KiB`;
  if (run.exitCode === 1) {
    const message = run.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('WARN') && !line.startsWith('berth: no Docker engine') && !/variable is not set|is obsolete|not supported by YAML 1.2/.test(line))[0] ?? '';
    const dir = path.dirname(composeFile);
    if (!message.startsWith(dir) && !/^no service selected$|^failed to read |^couldn't find env file|^invalid project name|^project name must/.test(message)) return `unlocated error: ${message}`;
  }
  return undefined;
}

/** Runs berth on `text` (as compose.yaml in a fresh directory), measuring time and peak memory. */
export async function runBerth(text, args) {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-fuzz-'));
  const composeFile = path.join(dir, 'compose.yaml');
  const rssFile = path.join(dir, 'max-rss');
  writeFileSync(composeFile, text);
  const started = performance.now();
  const result = await new Promise((resolve) => {
    execFile(process.execPath, ['--', measured, rssFile, ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1', DOCKER_HOST: 'unix:///nonexistent' }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ exitCode: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
  const ms = Math.round(performance.now() - started);
  let maxRssKiB = -1;
  try {
    maxRssKiB = Number(readFileSync(rssFile, 'utf8'));
  } catch {
    // No figure: the process died before its exit handler ran; judged by its exit code.
  }
  rmSync(dir, { recursive: true, force: true });
  return { ...result, ms, maxRssKiB, composeFile };
}

const chain = (count, line) => Array.from({ length: count }, (_, index) => line(index)).join('\n');
const service = (index, extra) => `  s${index}:\n    image: busybox${extra === '' ? '' : `\n    ${extra}`}`;

/** Structural extremes of up to about 1 MB, by name: each must end in exit 0 or a located error, in bound. */
export function extremes() {
  const bomb = [`x-l0: &l0 [${Array(40).fill('"lol"').join(',')}]`, ...Array.from({ length: 12 }, (_, level) => `x-l${level + 1}: &l${level + 1} [${Array(40).fill(`*l${level}`).join(',')}]`)].join('\n');
  return {
    'alias cycle': 'services:\n  web:\n    image: busybox\nx-a: &a [*a]\n',
    'alias bomb (1 MB)': `services:\n  web:\n    image: busybox\n${bomb}\n${'#'.repeat(1_000_000 - bomb.length)}\n`,
    'flat list of 500,000 items (1 MB)': `services:\n  web:\n    image: busybox\nx-l: [${Array(500_000).fill('1').join(',')}]\n`,
    'mapping of 90,000 keys': `services:\n  web:\n    image: busybox\nx-m:\n${chain(90_000, (index) => `  k${index}: ${index}`)}\n`,
    'flow nesting 300,000 deep': `services:\n  web:\n    image: busybox\nx-l: ${'['.repeat(300_000)}${']'.repeat(300_000)}\n`,
    'block nesting 200,000 deep': `services:\n  web:\n    image: busybox\nx-l: ${'- '.repeat(200_000)}x\n`,
    'interpolation 3,000 deep': `services:\n  web:\n    image: busybox\n    environment:\n      A: "${'${A:-'.repeat(3000)}x${'}'.repeat(3000)}"\n`,
    'extends chain of 10,000': `services:\n${chain(10_000, (index) => (index === 0 ? service(0, '') : `  s${index}:\n    extends: s${index - 1}`))}\n`,
    'depends_on chain of 10,000': `services:\n${chain(10_000, (index) => service(index, index === 0 ? '' : `depends_on: [s${index - 1}]`))}\n`,
    'links chain of 10,000': `services:\n${chain(10_000, (index) => service(index, index === 0 ? '' : `links: [s${index - 1}]`))}\n`,
    'volumes_from chain of 10,000': `services:\n${chain(10_000, (index) => service(index, index === 0 ? '' : `volumes_from: [s${index - 1}]`))}\n`,
    'depends_on cycle of 10,000': `services:\n${chain(10_000, (index) => service(index, `depends_on: [s${(index + 9_999) % 10_000}]`))}\n`,
    'extends cycle of 10,000': `services:\n${chain(10_000, (index) => `  s${index}:\n    image: busybox\n    extends: s${(index + 9_999) % 10_000}`)}\n`,
    'extends chain multiplying its size': `services:\n${chain(3_000, (index) => (index === 0 ? service(0, 'environment: {E0: x}') : `  s${index}:\n    extends: s${index - 1}\n    environment: {E${index}: x}`))}\n`,
  };
}
