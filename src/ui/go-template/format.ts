import { UserError } from '../../model/errors.js';
import { formatTable } from '../table.js';
import { checkTemplate, TemplateRenderer, type TemplateData } from './evaluate.js';
import { parseTemplate, TemplateError } from './parse.js';

export type { GoValue, TemplateData } from './evaluate.js';

/** How one kind of row is listed: its template data, table headers and default table. */
export interface ListFormat<T> extends TemplateData<T> {
  /** Header text by field name (fields without one print docker's `<no value>`). */
  readonly headers: Readonly<Record<string, string>>;
  /** The format of `table` (and of no --format at all). */
  readonly defaultTable: string;
  /** Narrowest column of a table (docker's formatter: 10). */
  readonly minWidth?: number;
}

/** A compiled --format: renders the rows as docker's formatter would. */
export type RowsPrinter<T> = (rows: readonly T[]) => string;

/**
 * Reads --format as the docker CLI's formatter does: `table` or nothing (the default table), `json`
 * (`{{json .}}`, one object a line), `table TEMPLATE` (a header, then aligned columns), or a template
 * (one rendered line a row); `\t` and `\n` are tab and newline. A template berth cannot render is a
 * usage error here, before any docker command runs.
 */
export function compileFormat<T>(format: string | undefined, list: ListFormat<T>): RowsPrinter<T> {
  let source = format === undefined || format === '' || format === 'table' ? list.defaultTable : format === 'json' ? '{{json .}}' : format;
  const table = source.startsWith('table');
  if (table) source = source.slice('table'.length);
  source = source.replace(/^ +| +$/g, '').replace(/\\t/g, '\t').replace(/\\n/g, '\n');
  let renderer: TemplateRenderer<T>;
  try {
    const nodes = parseTemplate(source);
    checkTemplate(nodes, list as TemplateData<unknown>);
    renderer = new TemplateRenderer(nodes, list, list.headers);
  } catch (error) {
    throw error instanceof TemplateError ? new UserError(`template parsing error: ${error.message}`) : error;
  }
  return (rows) => {
    let lines: string[];
    try {
      lines = rows.map((row) => renderer.render(row));
    } catch (error) {
      throw error instanceof TemplateError ? new UserError(`template parsing error: ${error.message}`) : error;
    }
    if (!table) return lines.map((line) => `${line}\n`).join('');
    const cells = (text: string): string[][] => text.split('\n').map((line) => line.split('\t'));
    const [header = [], ...body] = cells([renderer.renderHeader(), ...lines].join('\n'));
    return formatTable(header, body, list.minWidth ?? 10);
  };
}
