import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readExcelWithPandas } from '../helpers/pandas.js';
import { itNeeding, openpyxl } from '../helpers/system.js';
import { useSandbox } from '../helpers/sandbox.js';
import { startServer, useServer, type TestServer } from '../helpers/server.js';

const sandbox = useSandbox();
const server = useServer(sandbox);

/*
 * Spreadsheet exports (`format=xlsx`, `/rest/<name>.xlsx`), read back as a spreadsheet user's
 * tools read them: exceljs, and pandas' read_excel (openpyxl). A CSV opened in Excel or LibreOffice
 * loses the leading zeros of its codes (commune 01032 becomes 1032) and turns SIRETs into numbers;
 * the cells of an .xlsx carry their type, from the GraphQL field's (ID, String: text; Int, Float:
 * number; Boolean: boolean).
 */
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const COMMUNES =
  'query($d: String!) { communes(department: $d, first: 100) { nodes { code name population postalCodes department { code } } } }';
const STRUCTURES =
  'query($d: String!) { structures(filter: { department: $d }, first: 100) { nodes { siret name address { postalCode latitude } siae { isActive } } } }';

function exportUrl(s: TestServer, query: string, variables: Record<string, unknown>, params: Record<string, string> = { format: 'xlsx' }) {
  return `${s.url}/graphql?${new URLSearchParams({ query, variables: JSON.stringify(variables), ...params })}`;
}

/** The first sheet's rows, each cell as exceljs reads it back (its value and its type). */
async function readWithExcelJs(bytes: ArrayBuffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes);
  const sheet = workbook.worksheets[0]!;
  const rows: { value: unknown; type: ExcelJS.ValueType }[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    rows.push(Array.from({ length: sheet.columnCount }, (_, i) => ({ value: row.getCell(i + 1).value, type: row.getCell(i + 1).type })));
  });
  return { name: sheet.name, rows };
}

describe('spreadsheet exports', () => {
  it('types each cell by its GraphQL field: codes as text with their leading zeros, figures as numbers', async () => {
    const response = await fetch(exportUrl(server(), COMMUNES, { d: '01' }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(XLSX);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="inclusion-graph.xlsx"');
    const total = Number(response.headers.get('x-export-total'));
    expect(total).toBeGreaterThan(100);
    const { name, rows } = await readWithExcelJs(await response.arrayBuffer());
    expect(name).toBe('communes');
    const [header, ...body] = rows;
    expect(header!.map((cell) => cell.value)).toEqual(['code', 'name', 'population', 'postalCodes', 'department.code']);
    expect(body).toHaveLength(total);
    const bourg = body.find((row) => row[1]!.value === 'Bourg-en-Bresse')!;
    expect(bourg[0]).toEqual({ value: '01053', type: ExcelJS.ValueType.String });
    expect(bourg[2]!.type).toBe(ExcelJS.ValueType.Number);
    expect(bourg[2]!.value).toBeGreaterThan(40_000);
    expect(bourg[3]!.type).toBe(ExcelJS.ValueType.String);
    expect(bourg[4]).toEqual({ value: '01', type: ExcelJS.ValueType.String });
  });

  itNeeding(openpyxl, 'reads back in pandas with SIRETs and codes as text, coordinates as floats, booleans as booleans', async () => {
    const response = await fetch(exportUrl(server(), STRUCTURES, { d: '44' }));
    expect(response.status).toBe(200);
    const sheet = await readExcelWithPandas(new Uint8Array(await response.arrayBuffer()));
    expect(sheet.columns).toEqual(['siret', 'name', 'address.postalCode', 'address.latitude', 'siae.isActive']);
    expect(sheet.rows).toHaveLength(Number(response.headers.get('x-export-total')));
    const sirets = sheet.rows.map((row) => row['siret']).filter((siret) => siret !== null);
    expect(sirets.length).toBeGreaterThan(0);
    expect(sirets.every((siret) => typeof siret === 'string' && /^\d{14}$/.test(siret))).toBe(true);
    const postalCodes = sheet.rows.map((row) => row['address.postalCode']).filter((code) => code !== null);
    expect(postalCodes.every((code) => typeof code === 'string' && /^\d{5}$/.test(code))).toBe(true);
    const latitudes = sheet.rows.map((row) => row['address.latitude']).filter((latitude) => latitude !== null);
    expect(latitudes.length).toBeGreaterThan(0);
    expect(latitudes.every((latitude) => typeof latitude === 'number')).toBe(true);
    expect(sheet.rows.some((row) => typeof row['siae.isActive'] === 'boolean')).toBe(true);

    const communes = await fetch(exportUrl(server(), COMMUNES, { d: '01' }));
    const frame = await readExcelWithPandas(new Uint8Array(await communes.arrayBuffer()));
    expect(frame.rows.map((row) => row['code'])).toContain('01032');
    expect(frame.rows.every((row) => typeof row['code'] === 'string' && typeof row['department.code'] === 'string')).toBe(true);
    expect(frame.rows.some((row) => Number.isInteger(row['population']))).toBe(true);
  });

  it('answers a workbook to an Accept preferring it, on /graphql and on a named endpoint without extension', async () => {
    const byAccept = await fetch(exportUrl(server(), COMMUNES, { d: '2A' }, {}), {
      headers: { accept: `${XLSX}, application/json;q=0.5` },
    });
    expect(byAccept.headers.get('content-type')).toBe(XLSX);
    expect((await readWithExcelJs(await byAccept.arrayBuffer())).rows[1]![0]!.value).toMatch(/^2A\d{3}$/);
    const named = await fetch(`${server().url}/rest/communes-search?search=nantes`, { headers: { accept: XLSX } });
    expect(named.headers.get('content-type')).toBe(XLSX);
    expect(named.headers.get('vary')).toMatch(/accept/i);
    await named.arrayBuffer();
  });

  it('serves named endpoints as .xlsx, with the same truncation signals as the CSV', async () => {
    const small = await startServer(sandbox(), { EXPORT_MAX_ROWS: '150' });
    try {
      const response = await fetch(`${small.url}/rest/structures-of-department.xlsx?department=44`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(XLSX);
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="structures-of-department.xlsx"');
      const total = Number(response.headers.get('x-export-total'));
      expect(response.headers.get('x-export-truncated')).toBe(String(total - 150));
      const { rows } = await readWithExcelJs(await response.arrayBuffer());
      // The header, 150 rows, and the last row saying what is missing, as the CSV's.
      expect(rows).toHaveLength(152);
      expect(String(rows.at(-1)![0]!.value)).toMatch(/^#export incomplete: 150 rows written; .*EXPORT_MAX_ROWS/);
      const listing = (await (await fetch(`${small.url}/rest`)).json()) as { endpoints: { name: string; urls: string[] }[] };
      expect(listing.endpoints.find((e) => e.name === 'structures-of-department')!.urls).toContain('/rest/structures-of-department.xlsx');
    } finally {
      await small.close();
    }
  });
});
