// npm's `prepare` step (npm ci / npm install in a clone, npm pack): builds berth unless the bundle is
// newer than every source, so that `npm install -g .` from a fresh clone links a working berth, and
// `npm pack` (whose `prepack` has just built) does not build twice.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const modified = (file) => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
};
const newest = (directory) => Math.max(0, ...readdirSync(directory, { recursive: true }).map((name) => modified(path.join(directory, String(name))) ?? 0));

const built = modified(path.join(root, 'dist', 'berth.cjs.cache'));
const sources = Math.max(newest(path.join(root, 'src')), newest(path.join(root, 'scripts')), modified(path.join(root, 'package.json')) ?? 0);
if (built === undefined || built < sources) {
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
