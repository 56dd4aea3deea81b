const UNIT_SECONDS: Record<string, number> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** Whole seconds of a Go duration (`1m30s`, `90s`, `1.5s`, `500ms`), truncated as compose does; undefined if malformed. */
export function durationSeconds(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const pattern = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  for (const match of text.matchAll(pattern)) {
    total += Number(match[1]) * (UNIT_SECONDS[match[2] ?? ''] ?? 0);
    consumed += match[0].length;
  }
  if (consumed !== text.length || text === '') return undefined;
  return Math.floor(total + 1e-9);
}
