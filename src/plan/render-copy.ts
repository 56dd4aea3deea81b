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
# berth_sum TEXT: the sum of the byte values of TEXT.
berth_sum() (
  LC_ALL=C
  berth_s=0 berth_t=$1
  while [ -n "$berth_t" ]; do
    berth_r=\${berth_t#?}
    berth_c=$(printf '%d' "'\${berth_t%"$berth_r"}")
    [ "$berth_c" -lt 0 ] && berth_c=$((berth_c + 256))
    berth_s=$((berth_s + berth_c))
    berth_t=$berth_r
  done
  echo "$berth_s"
)
# berth_tar_entry TYPE NAME MODE UID GID TEXT: one ustar header and TEXT (TYPE 0: a regular file,
# x: PAX records for the next entry; MODE in octal; mtime 0).
berth_tar_entry() (
  LC_ALL=C
  berth_fields=$(printf '%07o %07o %07o %011o %011o' "$3" "$4" "$5" "\${#6}" 0)
  # checksum: name, fields (less their 4 separating spaces), 8 blank checksum bytes, type, "ustar", "00"
  berth_sum=$(( $(berth_sum "$2") + $(berth_sum "$berth_fields") - 128 + 256 + $(berth_sum "$1") + 559 + 96 ))
  printf '%s' "$2"; berth_nul $((100 - \${#2}))
  berth_type=$1 berth_text=$6
  set -- $berth_fields
  printf '%s\\000%s\\000%s\\000%s\\000%s\\000%06o\\000 %s' "$1" "$2" "$3" "$4" "$5" "$berth_sum" "$berth_type"
  berth_nul 100; printf 'ustar\\000'; printf '00'; berth_nul 247
  printf '%s' "$berth_text"; berth_nul $(( (512 - \${#berth_text} % 512) % 512 ))
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

/** The archive entries of one file: a PAX header first when its path or ids do not fit ustar. */
function entryLines(file: CopyFile): string[] {
  const layout = tarLayout(file.path.replace(/^\/+/, ''), file.uid, file.gid);
  const lines: string[] = [];
  if (layout.pax !== undefined) lines.push(`  berth_tar_entry x ${shellQuote(PAX_HEADER_NAME)} 0644 0 0 ${shellQuote(layout.pax)}`);
  lines.push(`  berth_tar_entry 0 ${shellQuote(layout.name)} 0${file.mode.toString(8)} ${layout.uid} ${layout.gid} ${textWord(file)}`);
  return lines;
}

/** A copy step as sh: the archive written by berth_tar_entry, piped into `docker cp`. */
export function renderCopy(copy: CopySpec): string {
  return [...variableChecks(copy), '{', ...copy.files.flatMap(entryLines), '  berth_nul 1024', `} | docker cp - ${shellQuote(`${copy.container}:/`)}`].join('\n');
}
