/** A minimal ustar writer (with PAX records for long paths and large ids): what `docker cp -` needs for secrets and configs. */
import { PAX_HEADER_NAME, tarLayout } from '../model/tar-layout.js';

export interface TarEntry {
  /** Path inside the archive, relative (no leading slash). */
  readonly path: string;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly content: Uint8Array;
  /** Modification time in seconds (default 0). */
  readonly mtime?: number;
  /** A directory (no content). */
  readonly directory?: boolean;
}

const BLOCK = 512;

function writeText(header: Uint8Array, offset: number, length: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length > length) throw new Error(`tar: "${text}" does not fit in ${length} bytes`);
  header.set(bytes, offset);
}

function writeOctal(header: Uint8Array, offset: number, length: number, value: number): void {
  writeText(header, offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
}

interface HeaderFields {
  readonly name: string;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly size: number;
  readonly mtime?: number;
  /** `0`: a regular file; `5`: a directory; `x`: PAX records for the next entry. */
  readonly type: '0' | '5' | 'x';
}

/** One 512-byte ustar header. */
function header(fields: HeaderFields): Uint8Array {
  const block = new Uint8Array(BLOCK);
  writeText(block, 0, 100, fields.name);
  writeOctal(block, 100, 8, fields.mode);
  writeOctal(block, 108, 8, fields.uid);
  writeOctal(block, 116, 8, fields.gid);
  writeOctal(block, 124, 12, fields.size);
  writeOctal(block, 136, 12, Math.max(0, Math.floor(fields.mtime ?? 0)));
  block.fill(0x20, 148, 156);
  block[156] = fields.type.charCodeAt(0);
  writeText(block, 257, 8, 'ustar\u000000');
  const checksum = block.reduce((sum, byte) => sum + byte, 0);
  writeText(block, 148, 8, `${checksum.toString(8).padStart(6, '0')}\0 `);
  return block;
}

function padding(size: number): Uint8Array {
  return new Uint8Array((BLOCK - (size % BLOCK)) % BLOCK);
}

/** The blocks of one file: a PAX header when its path or ids do not fit, then its header and content. */
export function tarEntryBlocks(entry: TarEntry): Uint8Array[] {
  const layout = tarLayout(entry.path, entry.uid, entry.gid);
  const blocks: Uint8Array[] = [];
  if (layout.pax !== undefined) {
    const records = Buffer.from(layout.pax, 'utf8');
    blocks.push(header({ name: PAX_HEADER_NAME, mode: 0o644, uid: 0, gid: 0, size: records.length, type: 'x' }), records, padding(records.length));
  }
  const type = entry.directory === true ? '5' : '0';
  blocks.push(header({ name: layout.name, mode: entry.mode, uid: layout.uid, gid: layout.gid, size: entry.content.length, type, ...(entry.mtime === undefined ? {} : { mtime: entry.mtime }) }));
  blocks.push(entry.content, padding(entry.content.length));
  return blocks;
}

/** The whole archive: each entry's blocks, then two empty blocks. */
export function tarArchive(entries: readonly TarEntry[]): Uint8Array {
  return Buffer.concat([...entries.flatMap(tarEntryBlocks), new Uint8Array(2 * BLOCK)]);
}
