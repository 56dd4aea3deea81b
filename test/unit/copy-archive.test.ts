import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import type { CopySpec } from '../../src/model/plan.js';
import { copyArchive } from '../../src/engine/copy-files.js';
import { renderCopy, TAR_FUNCTIONS } from '../../src/plan/render-copy.js';

const copy: CopySpec = {
  container: 'p-app-1',
  files: [
    { path: '/run/secrets/token', mode: 0o400, uid: 1000, gid: 1001, source: { environment: 'TOKEN' }, what: 'secret "token"' },
    { path: '/etc/app/settings.ini', mode: 0o644, uid: 0, gid: 0, source: { content: "a='b' %s \\n\nnon-ASCII: é ü\n\n" }, what: 'config "settings"' },
    { path: '/big', mode: 0o444, uid: 0, gid: 0, source: { content: 'x'.repeat(1500) }, what: 'config "big"' },
    { path: `/${'deep/'.repeat(24)}long-target.txt`, mode: 0o640, uid: 3000000, gid: 7, source: { content: 'long\n' }, what: 'config "long"' },
    { path: '/etc/ünïcödé-名前.conf', mode: 0o600, uid: 1, gid: 2, source: { content: 'u' }, what: 'config "unicode"' },
  ],
};

/** The dry-run's archive: the rendered functions and copy step, with `docker cp` replaced by stdout. */
function scriptArchive(shell: string, environment: Record<string, string>): Buffer {
  const script = `${TAR_FUNCTIONS}${renderCopy(copy).replace(/ \| docker cp - .*$/, '')}\n`;
  return execFileSync(shell, ['-c', script], { env: { PATH: process.env['PATH'] ?? '', LANG: 'C.UTF-8', ...environment } });
}

test('copy step: the printf archive of the dry-run script equals the archive berth pipes into docker cp', () => {
  const expected = Buffer.from(copyArchive(copy, { TOKEN: 'tök-en' }));
  assert.equal(expected.length % 512, 0);
  for (const shell of ['sh', 'bash']) assert.ok(scriptArchive(shell, { TOKEN: 'tök-en' }).equals(expected), `${shell} wrote a different archive`);
  const listing = execFileSync('tar', ['-tvf', '-'], { input: expected }).toString();
  assert.match(listing, /^-r-------- 1000\/1001\s+7 .* run\/secrets\/token$/m);
  assert.match(listing, /^-r--r--r-- 0\/0\s+1500 .* big$/m);
  assert.match(listing, new RegExp(`^-rw-r----- 3000000/7\\s+5 .* ${'deep/'.repeat(24)}long-target.txt$`, 'm'));
  assert.match(listing, /^-rw------- 1\/2\s+1 .* etc\/ünïcödé-名前.conf$/m);
});

test('copy step: a missing variable stops the script and berth alike, naming it', () => {
  assert.throws(() => copyArchive(copy, {}), /environment variable "TOKEN" required by secret "token" is not set/);
  assert.throws(() => scriptArchive('sh', {}), /TOKEN required by secret "token" is not set/);
});
