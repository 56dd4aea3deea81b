import type { CopyFile, CopySpec } from '../model/plan.js';
import { PAX_HEADER_NAME, tarLayout } from '../model/tar-layout.js';
import { shellQuote } from './shell-quote.js';

/**
 * POSIX sh functions that write a ustar archive with printf alone (no temporary files): the dry-run
 * form of a `container.copy` step, piped into `docker cp - CONTAINER:/`. Byte counts are taken in the
 * C locale; the layout (PAX records for long paths) is model/tar-layout.ts's, as in engine/tar.ts.
 */
export const TAR_FUNCTIONS = `# berth_nul N: print N NUL bytes.
berth_nul() {
  berth_n=$1
  while [ "$berth_n" -gt 0 ]; do printf '\\000'; berth_n=$((berth_n - 1)); done
}
# berth_tar_entry TYPE NAME MODE UID GID SUM TEXT: one ustar header and TEXT, mtime 0 (TYPE 0: a regular
# file, x: PAX records for the next entry; MODE UID GID: 7 octal digits; SUM: the header's byte sum
# without its size field, which the length of TEXT decides).
berth_tar_entry() (
  LC_ALL=C
  berth_size=$(printf '%011o' "\${#7}")
  berth_sum=$6 berth_t=$berth_size
  while [ -n "$berth_t" ]; do
    berth_r=\${berth_t#?}
    berth_sum=$((berth_sum + 48 + \${berth_t%"$berth_r"}))
    berth_t=$berth_r
  done
  printf '%s' "$2"; berth_nul $((100 - \${#2}))
  printf '%s\\000%s\\000%s\\000%s\\000%011o\\000%06o\\000 %s' "$3" "$4" "$5" "$berth_size" 0 "$berth_sum" "$1"
  berth_nul 100; printf 'ustar\\000'; printf '00'; berth_nul 247
  printf '%s' "$7"; berth_nul $(( (512 - \${#7} % 512) % 512 ))
)
`;

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The variable that holds a file's text; the loader refuses other names, this is the last guard. */
function variableOf(file: CopyFile): string | undefined {
  if (!('environment' in file.source)) return undefined;
  const variable = file.source.environment;
  if (!VARIABLE_NAME.test(variable)) throw new Error(`${file.what}: invalid environment variable name ${JSON.stringify(variable)}`);
  return variable;
}

/** The shell word that yields a file's text: quoted content, or the variable (checked before the pipeline). */
function textWord(file: CopyFile): string {
  const variable = variableOf(file);
  return variable === undefined && 'content' in file.source ? shellQuote(file.source.content) : `"$${variable as string}"`;
}

/** A missing variable stops the script before anything is written (the message is quoted, never expanded). */
function variableChecks(copy: CopySpec): string[] {
  return copy.files.flatMap((file) => {
    const variable = variableOf(file);
    if (variable === undefined) return [];
    const message = `environment variable ${variable} required by ${file.what} is not set`;
    return [`if [ -z "\${${variable}+set}" ]; then echo ${shellQuote(message)} >&2; exit 1; fi`];
  });
}

/** Byte sum of a ustar header's fixed text: all but the size field (mtime 0, blank checksum, magic "ustar\\0" "00"). */
const FIXED_HEADER_SUM = 11 * 48 + 8 * 32 + 559 + 96;

/** One `berth_tar_entry` call: the fields known when the script is written, and the checksum of their bytes. */
function entryCall(type: '0' | 'x', name: string, mode: number, uid: number, gid: number, textWordOfEntry: string): string {
  const octal = [mode, uid, gid].map((value) => value.toString(8).padStart(7, '0'));
  const sum = [name, ...octal, type].reduce((total, text) => total + Buffer.from(text, 'utf8').reduce((bytes, byte) => bytes + byte, 0), FIXED_HEADER_SUM);
  return `  berth_tar_entry ${type} ${shellQuote(name)} ${octal.join(' ')} ${sum} ${textWordOfEntry}`;
}

/** The archive entries of one file: a PAX header first when its path or ids do not fit ustar. */
function entryLines(file: CopyFile): string[] {
  const layout = tarLayout(file.path.replace(/^\/+/, ''), file.uid, file.gid);
  const lines: string[] = [];
  if (layout.pax !== undefined) lines.push(entryCall('x', PAX_HEADER_NAME, 0o644, 0, 0, shellQuote(layout.pax)));
  lines.push(entryCall('0', layout.name, file.mode, layout.uid, layout.gid, textWord(file)));
  return lines;
}

/** A copy step as sh: the archive written by berth_tar_entry, piped into `docker cp`. */
export function renderCopy(copy: CopySpec): string {
  return [...variableChecks(copy), '{', ...copy.files.flatMap(entryLines), '  berth_nul 1024', `} | docker cp - ${shellQuote(`${copy.container}:/`)}`].join('\n');
}
