/** Go `time.Duration` parsing, shared by the loader's canonical forms and the flag mappings. */

const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, '\u00b5s': 1e3, '\u03bcs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/y;

/** The longest duration Go represents: an int64 of nanoseconds (about 292 years). */
const MAX_NS = 2 ** 63 - 1;

/**
 * Nanoseconds of a duration as Go's time.ParseDuration reads it: an optional sign, then `0` or one
 * or more decimal numbers each with a unit (`1h30m`, `1.5s`, `.5ms`, `2us`); no spaces, no bare
 * numbers. Undefined when it is not one (or it overflows Go's int64 of nanoseconds).
 */
export function parseGoDuration(text: string): number | undefined {
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') return undefined;
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < rest.length) {
    const match = PART.exec(rest);
    if (match === null) return undefined;
    total += Number(match[1]) * (UNIT_NS[match[2] as string] as number);
  }
  if (total > MAX_NS) return undefined;
  return sign * Math.round(total);
}

/** Whole seconds of a Go duration (`1m30s`, `90s`, `1.5s`, `500ms`) or of bare digits, truncated as compose does; undefined if malformed or signed. */
export function durationSeconds(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const ns = /^[-+]/.test(text) ? undefined : parseGoDuration(text);
  return ns === undefined ? undefined : Math.floor(ns / 1e9 + 1e-9);
}
