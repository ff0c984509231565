import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../helpers/process.js';
import { useSandbox } from '../helpers/sandbox.js';

/*
 * A SIGTERM while exports run (a deployment rolling, a scale-down): the server stops taking
 * requests and lets the exports in flight finish for EXPORT_SHUTDOWN_GRACE_S; past it, each ends
 * with its incomplete marker, as when a limit cuts it, rather than a file that simply stops.
 * `npm start`'s command in a child process, against the test's sandbox, whose data.gouv.fr is
 * slowed down so that each page of datasets (one upstream call a page) takes a while.
 */
const sandbox = useSandbox();
const started: ServerProcess[] = [];
afterAll(async () => {
  await Promise.all(started.map((s) => s.stop('SIGKILL')));
});

const datasets = (pageSize: number) => `{ datasets(filter: { query: "budget" }, first: ${pageSize}) { nodes { id title } } }`;

async function start(env: Record<string, string>): Promise<ServerProcess> {
  const server = await startServerProcess({ UPSTREAMS: 'live', ...sandbox().env, EXPORT_MAX_PER_CLIENT: '3', ...env });
  started.push(server);
  return server;
}

const exportOf = (server: ServerProcess, format: string, pageSize = 1) =>
  fetch(`${server.url}/graphql?${new URLSearchParams({ query: datasets(pageSize), format })}`);

describe('exports at shutdown', () => {
  it('ends each export cut by the end of the grace with its incomplete marker, in CSV, NDJSON and xlsx', async () => {
    const server = await start({ EXPORT_SHUTDOWN_GRACE_S: '1' });
    sandbox().controls.setLatency('datagouv', 400);
    const [csv, ndjson, xlsx] = await Promise.all(['csv', 'ndjson', 'xlsx'].map((format) => exportOf(server, format)));
    for (const response of [csv!, ndjson!, xlsx!]) expect(response.status).toBe(200);
    const total = Number(csv!.headers.get('x-export-total'));
    // Each page takes 400 ms: the whole list would take far longer than the grace.
    expect(total).toBeGreaterThan(10);
    const stopped = server.stop('SIGTERM');
    const [csvText, ndjsonText, workbook] = await Promise.all([csv!.text(), ndjson!.text(), xlsx!.arrayBuffer()]);
    expect(await stopped).toBe(0);

    const csvLines = csvText.trimEnd().split('\r\n');
    expect(csvLines.at(-1)).toMatch(/^#export incomplete: \d+ rows written; the server shut down .*EXPORT_SHUTDOWN_GRACE_S/);
    expect(csvLines.length - 2).toBeLessThan(total);

    const last = JSON.parse(ndjsonText.trimEnd().split('\n').at(-1)!);
    expect(last._export).toMatchObject({ complete: false });
    expect(last._export.reason).toMatch(/the server shut down/);
    expect(last._export.rows).toBeLessThan(total);

    const book = new ExcelJS.Workbook();
    await book.xlsx.load(workbook);
    const sheet = book.worksheets[0]!;
    expect(String(sheet.getRow(sheet.rowCount).getCell(1).value)).toMatch(/^#export incomplete: \d+ rows written; the server shut down/);
  }, 60_000);

  it('lets an export finish whole within the grace', async () => {
    const server = await start({ EXPORT_SHUTDOWN_GRACE_S: '60' });
    // A dozen pages of a second: past the fixed 10 s that Apollo's Fastify integration gave
    // requests in flight, well within the grace.
    sandbox().controls.setLatency('datagouv', 1000);
    const response = await exportOf(server, 'csv', 25);
    expect(response.status).toBe(200);
    const total = Number(response.headers.get('x-export-total'));
    const stopped = server.stop('SIGTERM');
    const lines = (await response.text()).trimEnd().split('\r\n');
    expect(await stopped).toBe(0);
    expect(lines).toHaveLength(total + 1);
    expect(lines.at(-1)).not.toMatch(/^#export/);
  }, 60_000);
});
