/**
 * How one file's path and owner fit a ustar header: the real archive (engine/tar.ts) and the dry-run
 * script's printf archive (plan/render-copy.ts) both follow this layout, so they write the same bytes.
 * What does not fit (a path over 100 bytes, an id over 7 octal digits) goes in a PAX extended header
 * placed before the file, whose records override the header's fields.
 */

/** The name field of a PAX extended header (as GNU tar writes it). */
export const PAX_HEADER_NAME = '././@PaxHeader';

const NAME_BYTES = 100;
const MAX_OCTAL_ID = 0o7777777;

export interface TarLayout {
  /** The header's name field (the path, or its first 100 bytes when a PAX record holds it). */
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  /** The PAX records (`LEN key=value\n`...), when any field does not fit. */
  readonly pax?: string;
}

/** One PAX record: its length counts the decimal digits of the length itself. */
export function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const size = Buffer.byteLength(body, 'utf8');
  let digits = String(size).length;
  while (String(size + digits).length !== digits) digits++;
  return `${size + digits}${body}`;
}

export function tarLayout(path: string, uid: number, gid: number): TarLayout {
  const pathBytes = Buffer.from(path, 'utf8');
  const records: string[] = [];
  if (pathBytes.length > NAME_BYTES) records.push(paxRecord('path', path));
  if (uid > MAX_OCTAL_ID) records.push(paxRecord('uid', String(uid)));
  if (gid > MAX_OCTAL_ID) records.push(paxRecord('gid', String(gid)));
  const layout = {
    name: pathBytes.length > NAME_BYTES ? asciiPrefix(path) : path,
    uid: uid > MAX_OCTAL_ID ? 0 : uid,
    gid: gid > MAX_OCTAL_ID ? 0 : gid,
  };
  return records.length === 0 ? layout : { ...layout, pax: records.join('') };
}

/** A stand-in name for readers without PAX: the path's ASCII characters, at most 100 of them. */
function asciiPrefix(path: string): string {
  // eslint-disable-next-line no-control-regex
  return path.replace(/[^\x20-\x7e]/g, '_').slice(0, NAME_BYTES);
}
