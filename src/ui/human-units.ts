/**
 * Ages and sizes worded as the docker CLI and docker compose word them: the rules of go-units
 * (HumanDuration, HumanSizeWithPrecision, BytesSize) and of Go's `%.Ng` formatting.
 */

/** go-units HumanDuration: `Less than a second`, `1 second`, `About a minute`, `47 hours`, `3 weeks`... */
export function humanDuration(milliseconds: number): string {
  const seconds = Math.trunc(milliseconds / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.trunc(milliseconds / 60_000);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.trunc(milliseconds / 3_600_000 + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
  return `${Math.trunc(Math.trunc(milliseconds / 3_600_000) / 24 / 365)} years`;
}

/** `3 minutes ago` for an ISO time, as `docker images` and `docker compose images` print CREATED; '' for a bad time. */
export function timeAgo(iso: string, now = Date.now()): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '';
  return `${humanDuration(now - then)} ago`;
}

/**
 * Go's `%.<precision>g`: `precision` significant digits, trailing zeros dropped, exponent form
 * (`1e+03`) when the exponent is below -4 or not below the precision. Ties round half to even, as Go does.
 */
export function formatGoG(value: number, precision: number): string {
  if (value === 0) return '0';
  let digits = value.toPrecision(precision);
  // JavaScript rounds an exact tie up; Go rounds it to even.
  const exact = value.toPrecision(Math.min(100, precision + 25));
  const mantissa = exact.replace(/e.*$/, '').replace(/^-/, '').replace('.', '').replace(/^0+/, '');
  if (/^5(0*)$/.test(mantissa.slice(precision)) && Number(mantissa[precision - 1]) % 2 === 0) {
    digits = (value - Math.abs(value) * 10 ** -(precision + 10)).toPrecision(precision);
  }
  const [coefficient = '', exponentText] = Number(digits).toExponential(precision - 1).split('e');
  const exponent = Number(exponentText);
  const trim = (text: string): string => (text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text);
  if (exponent < -4 || exponent >= precision) {
    return `${trim(coefficient)}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return trim(Number(digits).toFixed(Math.max(0, precision - 1 - exponent)));
}

function scaled(size: number, base: number, units: readonly string[]): [number, string] {
  let value = size;
  let unit = 0;
  while (value >= base && unit < units.length - 1) {
    value /= base;
    unit++;
  }
  return [value, units[unit] ?? ''];
}

const DECIMAL_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];

/** go-units HumanSizeWithPrecision (decimal units): `docker images` and `docker compose images` use precision 3. */
export function humanSize(bytes: number, precision = 4): string {
  const [value, unit] = scaled(bytes, 1000, DECIMAL_UNITS);
  return `${formatGoG(value, precision)}${unit}`;
}

/** go-units BytesSize (binary units, 4 digits): `1.5KiB`, `17MiB`. */
export function bytesSize(bytes: number): string {
  const [value, unit] = scaled(bytes, 1024, BINARY_UNITS);
  return `${formatGoG(value, 4)}${unit}`;
}
