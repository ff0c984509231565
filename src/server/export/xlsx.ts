import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { PassThrough } from 'node:stream';
import { XLSX } from '../../caching/answer-format.js';
import type { CellKind, ExportPlan } from './plan.js';
import { cellOf } from './rows.js';
import { incompleteNote, rowsWithin, type WalkEnd } from './walk.js';

/**
 * Exports as an Excel workbook (.xlsx), for the spreadsheet users a CSV fails: Excel and
 * LibreOffice guess a CSV cell's type from its text, so commune `01032` opens as the number 1032
 * and a SIRET in scientific notation. Here each cell carries the type of its GraphQL field
 * (plan.ts, `kinds`): codes and identifiers as text (their column formatted as text, `@`, so that
 * a value typed in stays text too), figures as numbers, booleans as booleans. A string cell is
 * never a formula, so no cell needs CSV's leading `'` against formula injection.
 *
 * exceljs's streaming writer writes each row into the zip as it is committed: the workbook is
 * never held whole, one page of rows at a time as for the CSV. One sheet, named after the list
 * (`structures`), its header row frozen; a cut export ends with the CSV's `#export incomplete:`
 * row, in the first column.
 */
type Cell = string | number | boolean | null;

function typed(value: unknown, kind: CellKind): Cell {
  if (value === null || value === undefined) return null;
  if (kind === 'number' && typeof value === 'number') return value;
  if (kind === 'boolean' && typeof value === 'boolean') return value;
  return String(value);
}

const cellsOf = (node: unknown, plan: ExportPlan): Cell[] => plan.columns.map((column, i) => typed(cellOf(node, column), plan.kinds[i]!));

/** What a row weighs against EXPORT_MAX_MB: its cells' text, as the CSV counts its line. */
const weightOf = (cells: readonly Cell[]) =>
  cells.reduce<number>((sum, cell) => sum + (cell === null ? 0 : Buffer.byteLength(String(cell))), 0);

/** Excel's limit on a sheet's name is 31 characters; a response key holds none of the characters it forbids. */
const sheetName = (path: readonly string[]) => (path.at(-1) ?? 'export').slice(0, 31);

/** Resolves once `out` has room again (its reader took what was written), or is gone. */
function roomIn(out: PassThrough): Promise<void> {
  if (!out.writableNeedDrain || out.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}

async function writeWorkbook(
  out: PassThrough,
  plan: ExportPlan,
  pages: AsyncGenerator<unknown[]>,
  end: WalkEnd,
  bounds: Omit<Parameters<typeof rowsWithin>[4], 'startBytes'>,
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName(plan.path), { views: [{ state: 'frozen', ySplit: 1 }] });
  const header = plan.columns.map((column) => column.join('.'));
  sheet.columns = header.map((name, i) => ({
    header: name,
    key: String(i),
    ...(plan.kinds[i] === 'text' ? { style: { numFmt: '@' } } : {}),
  }));
  const rows = rowsWithin(pages, (node) => cellsOf(node, plan), weightOf, end, {
    ...bounds,
    startBytes: Buffer.byteLength(header.join('')),
  });
  for await (const page of rows) {
    // The reader went away: leaving the loop ends the walk, and no further page is read.
    if (out.destroyed) return;
    for (const cells of page) sheet.addRow(cells).commit();
    // One page at a time: the next is read once the reader has taken this one.
    await roomIn(out);
  }
  // Never a silently short file: the last row says what is missing, as the CSV's.
  if (end.incomplete) sheet.addRow([incompleteNote(end)]).commit();
  sheet.commit();
  await workbook.commit();
}

export function sendXlsx(
  reply: FastifyReply,
  filename: string,
  plan: ExportPlan,
  pages: AsyncGenerator<unknown[]>,
  end: WalkEnd,
  bounds: Omit<Parameters<typeof rowsWithin>[4], 'startBytes'>,
) {
  const out = new PassThrough();
  writeWorkbook(out, plan, pages, end, bounds).catch((error: Error) => {
    reply.log.warn({ err: { message: error.message } }, 'xlsx export failed while writing');
    out.destroy(error);
  });
  return reply.type(XLSX).header('content-disposition', `attachment; filename="${filename}.xlsx"`).send(out);
}
