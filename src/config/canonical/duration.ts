/** Go `time.Duration` text: parsing (`1m30s`, `1.5h`, `500ms`) and printing as Go's String() does. */

const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

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

function trimFraction(value: number, digits: number): string {
  return value.toFixed(digits).replace(/\.?0+$/, '');
}

/** Go's Duration.String(): `1h0m0s`, `1m30s`, `1.5s`, `500ms`, `0s`. */
export function formatGoDuration(ns: number): string {
  if (ns === 0) return '0s';
  const sign = ns < 0 ? '-' : '';
  const abs = Math.abs(ns);
  if (abs < 1e3) return `${sign}${abs}ns`;
  if (abs < 1e6) return `${sign}${trimFraction(abs / 1e3, 3)}µs`;
  if (abs < 1e9) return `${sign}${trimFraction(abs / 1e6, 6)}ms`;
  const hours = Math.floor(abs / 3600e9);
  const minutes = Math.floor((abs % 3600e9) / 60e9);
  const seconds = trimFraction((abs % 60e9) / 1e9, 9);
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

/** A duration in compose's printed form, or the text unchanged when it does not parse. */
export function normalizeDuration(text: string): string {
  const ns = parseGoDuration(text);
  return ns === undefined ? text : formatGoDuration(ns);
}
