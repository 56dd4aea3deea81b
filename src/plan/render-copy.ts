import type { CopyFile, CopySpec } from '../model/plan.js';
import { shellQuote } from './shell-quote.js';

/**
 * POSIX sh functions that write a ustar archive with printf alone (no temporary files): the dry-run
 * form of a `container.copy` step, piped into `docker cp - CONTAINER:/`. Paths must be ASCII.
 */
export const TAR_FUNCTIONS = `# berth_nul N: print N NUL bytes.
berth_nul() {
  berth_n=$1
  while [ "$berth_n" -gt 0 ]; do printf '\\000'; berth_n=$((berth_n - 1)); done
}
# berth_sum TEXT: the sum of the byte values of TEXT.
berth_sum() {
  berth_s=0 berth_t=$1
  while [ -n "$berth_t" ]; do
    berth_r=\${berth_t#?}
    berth_s=$((berth_s + $(printf '%d' "'\${berth_t%"$berth_r"}")))
    berth_t=$berth_r
  done
  echo "$berth_s"
}
# berth_tar_file PATH MODE UID GID TEXT: one ustar entry, a regular file holding TEXT (MODE in octal, mtime 0).
berth_tar_file() (
  LC_ALL=C
  berth_fields=$(printf '%07o %07o %07o %011o %011o' "$2" "$3" "$4" "\${#5}" 0)
  # checksum: the name and fields (less their 4 separating spaces) + 8 blank checksum bytes, type '0', "ustar", "00"
  berth_sum=$(( $(berth_sum "$1") + $(berth_sum "$berth_fields") - 128 + 256 + 48 + 559 + 96 ))
  printf '%s' "$1"; berth_nul $((100 - \${#1}))
  berth_text=$5
  set -- $berth_fields
  printf '%s\\000%s\\000%s\\000%s\\000%s\\000%06o\\000 0' "$1" "$2" "$3" "$4" "$5" "$berth_sum"
  berth_nul 100; printf 'ustar\\000'; printf '00'; berth_nul 247
  printf '%s' "$berth_text"; berth_nul $(( (512 - \${#berth_text} % 512) % 512 ))
)
`;

/** The shell word that yields a file's text: quoted content, or the variable (checked before the pipeline). */
function textWord(file: CopyFile): string {
  return 'content' in file.source ? shellQuote(file.source.content) : `"$${file.source.environment}"`;
}

/** `: "${VAR?...}"` lines: a missing variable stops the script before anything is written. */
function variableChecks(copy: CopySpec): string[] {
  return copy.files.flatMap((file) => {
    if (!('environment' in file.source)) return [];
    const variable = file.source.environment;
    return [`: "\${${variable}?environment variable ${variable} required by ${file.what.replace(/"/g, '')} is not set}"`];
  });
}

/** A copy step as sh: the archive written by berth_tar_file, piped into `docker cp`. */
export function renderCopy(copy: CopySpec): string {
  const entries = copy.files.map((file) => {
    const path = file.path.replace(/^\/+/, '');
    return `  berth_tar_file ${shellQuote(path)} 0${file.mode.toString(8)} ${file.uid} ${file.gid} ${textWord(file)}`;
  });
  return [...variableChecks(copy), '{', ...entries, '  berth_nul 1024', `} | docker cp - ${shellQuote(`${copy.container}:/`)}`].join('\n');
}
