/** The host side of watch: batching file events after a quiet period, and the sync archive of changed paths. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { watchFiles } from '../../src/engine/file-watch.js';
import { syncContent } from '../../src/engine/watch-actions.js';

/** The names and type flags of a ustar archive's entries. */
function tarNames(archive: Uint8Array): string[] {
  const names: string[] = [];
  for (let offset = 0; offset + 512 <= archive.length;) {
    const header = Buffer.from(archive.subarray(offset, offset + 512));
    const name = header.toString('utf8', 0, 100).replace(/\0.*$/s, '');
    if (name === '') break;
    const size = parseInt(header.toString('utf8', 124, 136).replace(/\0.*$/s, '').trim() || '0', 8);
    names.push(`${String.fromCharCode(header[156] ?? 0)} ${name}`);
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
}

test('watchFiles: a burst of changes is one batch, a later change the next one', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-watch-unit-'));
  mkdirSync(path.join(dir, 'sub'));
  const batches: string[][] = [];
  let next: () => void = () => undefined;
  const watch = watchFiles([dir], async (changed) => {
    batches.push(changed);
    next();
  }, { quietMs: 300 });
  try {
    const first = new Promise<void>((resolve) => { next = resolve; });
    writeFileSync(path.join(dir, 'a.txt'), 'a');
    writeFileSync(path.join(dir, 'sub', 'b.txt'), 'b');
    writeFileSync(path.join(dir, 'c.txt'), 'c');
    await first;
    assert.equal(batches.length, 1);
    assert.deepEqual(batches[0]?.filter((file) => file.endsWith('.txt')), [path.join(dir, 'a.txt'), path.join(dir, 'c.txt'), path.join(dir, 'sub', 'b.txt')]);
    const second = new Promise<void>((resolve) => { next = resolve; });
    rmSync(path.join(dir, 'a.txt'));
    await second;
    assert.deepEqual(batches[1], [path.join(dir, 'a.txt')]);
  } finally {
    watch.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('syncContent: files and new directories in one archive at their container paths, skipped ones left out, missing ones removed', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-sync-unit-'));
  try {
    mkdirSync(path.join(dir, 'new', 'deep'), { recursive: true });
    writeFileSync(path.join(dir, 'a.txt'), 'a');
    writeFileSync(path.join(dir, 'new', 'deep', 'b.txt'), 'b');
    writeFileSync(path.join(dir, 'new', 'scratch.tmp'), 'x');
    const content = syncContent([
      { hostPath: path.join(dir, 'a.txt'), containerPath: '/app/a.txt' },
      { hostPath: path.join(dir, 'new'), containerPath: '/app/new' },
      { hostPath: path.join(dir, 'gone.txt'), containerPath: '/app/gone.txt' },
    ], (file) => file.endsWith('.tmp'));
    assert.deepEqual(content.removed, ['/app/gone.txt']);
    assert.ok(content.archive !== undefined);
    assert.deepEqual(tarNames(content.archive), ['0 app/a.txt', '5 app/new', '5 app/new/deep', '0 app/new/deep/b.txt']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('watchFiles: a watched directory made after watching started is watched with its tree', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-watch-late-'));
  const later = path.join(dir, 'src');
  const batches: string[][] = [];
  let next: () => void = () => undefined;
  const watch = watchFiles([later], async (changed) => {
    batches.push(changed);
    next();
  }, { quietMs: 300 });
  try {
    const first = new Promise<void>((resolve) => { next = resolve; });
    mkdirSync(later);
    await first;
    assert.deepEqual(batches[0], [later]);
    const second = new Promise<void>((resolve) => { next = resolve; });
    writeFileSync(path.join(later, 'inside.txt'), 'x');
    await second;
    assert.deepEqual(batches[1], [path.join(later, 'inside.txt')]);
  } finally {
    watch.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
