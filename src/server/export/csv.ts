/**
 * CSV as spreadsheets read it right: RFC 4180 (CRLF lines, quotes doubled inside quoted cells),
 * UTF-8 with a byte order mark by default (without it, Excel reads `é` as `Ã©`), `;` and a
 * decimal comma on request (French-locale Excel), and no cell a spreadsheet would run as a formula.
 */
export interface CsvOptions {
  separator: ',' | ';' | '\t';
  /** Non-integer numbers written `3,5` rather than `3.5`. */
  decimalComma: boolean;
  bom: boolean;
}

export const DEFAULT_CSV: CsvOptions = { separator: ',', decimalComma: false, bom: true };

const BOM = '\uFEFF';
const PLAIN_NUMBER = /^[+-]?\d+([.,]\d+)?([eE][+-]?\d+)?$/;

/**
 * A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab or CR first: OWASP's CSV
 * injection), from an upstream's text such as a dataset title, is written with a leading `'`.
 * Plain numbers (`-3.5`) stay numbers.
 */
export function neutralised(text: string): string {
  return /^[=+\-@\t\r]/.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

function textOf(value: unknown, options: CsvOptions): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return options.decimalComma ? String(value).replace('.', ',') : String(value);
  return neutralised(String(value));
}

export function csvCell(value: unknown, options: CsvOptions): string {
  const text = textOf(value, options);
  return text.includes('"') || text.includes(options.separator) || /[\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly unknown[], options: CsvOptions): string {
  return values.map((value) => csvCell(value, options)).join(options.separator) + '\r\n';
}

/** The header line (after the BOM, when asked for). */
export function csvHeader(columns: readonly string[], options: CsvOptions): string {
  return (options.bom ? BOM : '') + csvLine(columns, options);
}

/** The options a URL asks for: `separator=;` (or `tab`), `decimal=,`, `bom=false`. */
export function csvOptionsOf(params: Record<string, unknown>): CsvOptions {
  const separator = params.separator === ';' ? ';' : params.separator === 'tab' || params.separator === '\t' ? '\t' : ',';
  return { separator, decimalComma: params.decimal === ',', bom: params.bom !== 'false' && params.bom !== '0' };
}
