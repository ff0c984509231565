import { describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/sandbox.js';
import { serversPerTest, type TestServer } from '../helpers/server.js';

/*
 * Issue 23, point 5: an export whose pages come from memory (the embedded geography) must not hold
 * the event loop for its whole run; exports are capped per client and per process; an export is
 * bounded by its bytes as well as its rows.
 */
const sandbox = useSandbox();
const start = serversPerTest(sandbox);

/** Every commune of France, a few hundred pages read from the embedded geography. */
const ALL_COMMUNES = '{ communes(first: 100) { nodes { code name population department { code name } } } }';
const DEPARTMENT_59 = '{ communes(department: "59", first: 100) { nodes { code name population } } }';

function exportUrl(server: TestServer, query: string, format: 'csv' | 'ndjson' = 'csv'): string {
  return `${server.url}/graphql?${new URLSearchParams({ query, format })}`;
}

/** An export whose first bytes have arrived (so that it holds its slot), the rest still to read. */
async function opened(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  await reader.read();
  return {
    /** Reads the rest; resolves once the export has ended. */
    async finish(): Promise<void> {
      while (!(await reader.read()).done);
    },
  };
}

describe('an export', () => {
  it('lets a concurrent plain query through while it runs from memory', async () => {
    const server = await start();
    const running = await opened(exportUrl(server, ALL_COMMUNES));
    let exportEnded = false;
    const finished = running.finish().then(() => (exportEnded = true));
    const plain = await server.graphql('{ __typename }');
    const answeredDuringExport = !exportEnded;
    await finished;
    expect(plain.body.data).toEqual({ __typename: 'Query' });
    expect(answeredDuringExport).toBe(true);
  });

  it('is refused beyond EXPORT_MAX_PER_CLIENT for the same client (429, Retry-After), and served once one ends', async () => {
    const server = await start({ EXPORT_MAX_PER_CLIENT: '1' });
    const first = await opened(exportUrl(server, ALL_COMMUNES));
    const second = await fetch(exportUrl(server, DEPARTMENT_59));
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await second.json()) as any).errors[0].extensions.code).toBe('RATE_LIMITED');
    // The same named endpoint shares the cap.
    const named = await fetch(`${server.url}/rest/communes-search.csv?search=lille`);
    expect(named.status).toBe(429);
    await named.arrayBuffer();
    // A plain query is not an export: never refused for it.
    expect((await server.graphql('{ communes(first: 1) { nodes { code } } }')).status).toBe(200);
    await first.finish();
    const third = await fetch(exportUrl(server, DEPARTMENT_59));
    expect(third.status).toBe(200);
    await third.arrayBuffer();
  });

  it('is refused beyond EXPORT_MAX_CONCURRENT for the process, whoever asks (503, Retry-After)', async () => {
    const server = await start({ EXPORT_MAX_CONCURRENT: '1', API_KEYS: 'key-a,key-b' });
    const first = await opened(exportUrl(server, ALL_COMMUNES), { 'x-api-key': 'key-a' });
    const other = await fetch(exportUrl(server, DEPARTMENT_59), { headers: { 'x-api-key': 'key-b' } });
    expect(other.status).toBe(503);
    expect(other.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await other.json()) as any).errors[0].extensions.code).toBe('SERVER_OVERLOADED');
    await first.finish();
  });

  it('stops at EXPORT_MAX_MB and says so, in CSV and in NDJSON', async () => {
    const server = await start({ EXPORT_MAX_MB: '0.01' });
    const csv = await fetch(exportUrl(server, DEPARTMENT_59));
    expect(csv.status).toBe(200);
    const text = await csv.text();
    const lines = text.trimEnd().split('\r\n');
    expect(lines.at(-1)).toMatch(/^#export incomplete: \d+ rows written; the export stops at EXPORT_MAX_MB/);
    const written = Number(/incomplete: (\d+) rows/.exec(lines.at(-1)!)![1]);
    expect(written).toBe(lines.length - 2);
    expect(written).toBeGreaterThan(0);
    expect(Buffer.byteLength(lines.slice(0, -1).join('\r\n'))).toBeLessThanOrEqual(0.01 * 2 ** 20);

    const ndjson = await fetch(exportUrl(server, DEPARTMENT_59, 'ndjson'));
    const rows = (await ndjson.text()).trimEnd().split('\n');
    const last = JSON.parse(rows.at(-1)!);
    expect(last._export).toMatchObject({ complete: false, rows: rows.length - 1 });
    expect(last._export.reason).toMatch(/EXPORT_MAX_MB/);
    expect(last._export.missing).toBeGreaterThan(0);
  });
});
