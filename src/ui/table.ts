/** Left-aligned columns separated by at least three spaces, as the docker CLI prints tables. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd((widths[column] ?? 0) + 3))).join('').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}

/** "3 minutes ago", as the docker CLI words ages. */
export function timeAgo(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (Number.isNaN(seconds)) return '';
  const units: Array<[number, string]> = [[31_536_000, 'year'], [2_592_000, 'month'], [604_800, 'week'], [86_400, 'day'], [3_600, 'hour'], [60, 'minute']];
  for (const [size, name] of units) {
    const count = Math.floor(seconds / size);
    if (count >= 1) return count === 1 ? `${name === 'hour' ? 'An' : 'A'} ${name} ago` : `${count} ${name}s ago`;
  }
  return seconds < 1 ? 'Less than a second ago' : `${seconds} seconds ago`;
}
