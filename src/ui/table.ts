import textWidth from '../cli/text-width.js';

export { timeAgo } from './human-units.js';

/**
 * Left-aligned columns as Go's tabwriter lays out the tables of the docker CLI and docker compose:
 * each column but the last is as wide as its widest cell plus 3 spaces, and at least `minWidth`
 * (compose's `ls` and `images`: 20; the docker CLI's formatter, used by `ps`: 10). Widths are display
 * widths: a CJK character or an emoji takes two columns.
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[], minWidth = 20): string {
  const widths = headers.map((header, column) => Math.max(minWidth, 3 + Math.max(textWidth(header), ...rows.map((row) => textWidth(row[column] ?? '')))));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, column) => (column === cells.length - 1 ? cell : cell + ' '.repeat(Math.max(0, (widths[column] ?? 0) - textWidth(cell))))).join('').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}
