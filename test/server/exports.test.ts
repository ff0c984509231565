import { createHash } from 'node:crypto';
import { get, type IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { floatsWithPandas, readWithPandas } from '../helpers/pandas.js';
import { itNeeding, pandas } from '../helpers/system.js';
import { useSandbox } from '../helpers/sandbox.js';
import { startServer, useServer, type TestServer } from '../helpers/server.js';

const sandbox = useSandbox();
const server = useServer(sandbox);

/*
 * Whole lists by URL, read back as a BI tool reads them: pandas (Debian's python3-pandas) for
 * the CSV and the NDJSON. Department 44 is the sandbox's largest structure list (several hundred).
 */
const STRUCTURES =
  'query($d: String!) { structures(filter: { department: $d }, first: 100) { nodes { name siret address { city latitude longitude } siae { kind } } } }';

async function totalOf(s: TestServer, department: string): Promise<number> {
  const { body } = await s.graphql('query($d: String!) { structures(filter: { department: $d }) { totalCount } }', { d: department });
  if (!body.data) throw new Error(JSON.stringify(body));
  return body.data.structures.totalCount as number;
}

function exportUrl(s: TestServer, query: string, params: Record<string, string>, variables?: Record<string, unknown>) {
  const search = new URLSearchParams({ query, ...(variables ? { variables: JSON.stringify(variables) } : {}), ...params });
  return `${s.url}/graphql?${search}`;
}

async function bytesOf(response: Response): Promise<Uint8Array> {
  return new Uint8Array(await response.arrayBuffer());
}

/** An export's status, headers, body and HTTP trailers (which fetch does not expose), by node:http. */
function withTrailers(url: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: string; trailers: NodeJS.Dict<string> }> {
  return new Promise((resolve, reject) => {
    get(url, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body, trailers: response.trailers }));
    }).on('error', reject);
  });
}

describe('whole lists by URL', () => {
  itNeeding(pandas, 'exports every row of a department as CSV (BOM, accents, selection order), as pandas reads it', async () => {
    const total = await totalOf(server(), '44');
    expect(total).toBeGreaterThan(300);
    const response = await fetch(exportUrl(server(), STRUCTURES, { format: 'csv' }, { d: '44' }));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-export-total')).toBe(String(total));
    const bytes = await bytesOf(response);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const frame = await readWithPandas(bytes, 'csv');
    expect(frame.columns).toEqual(['name', 'siret', 'address.city', 'address.latitude', 'address.longitude', 'siae.kind']);
    expect(frame.rows).toHaveLength(total);
    expect(frame.rows.some((row) => /[éèâôç]/.test(row['address.city']!))).toBe(true);
    expect(frame.rows.some((row) => row['name']!.startsWith('#export'))).toBe(false);
  });

  itNeeding(pandas, 'exports every row as NDJSON, as pandas reads it', async () => {
    const total = await totalOf(server(), '44');
    const response = await fetch(exportUrl(server(), STRUCTURES, {}, { d: '44' }), { headers: { accept: 'application/x-ndjson' } });
    expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const frame = await readWithPandas(await bytesOf(response), 'ndjson');
    expect(frame.rows).toHaveLength(total);
    expect(frame.columns).toContain('address.city');
  });

  it('writes NDJSON rows as real JSON: lists as arrays (empty ones `[]`), nested objects as objects, numbers as numbers', async () => {
    const query =
      'query($d: String!) { structures(filter: { department: $d }, first: 100) { nodes { name sources networks address { city latitude } siae { kind } } } }';
    const response = await fetch(exportUrl(server(), query, { format: 'ndjson' }, { d: '2A' }));
    expect(response.status).toBe(200);
    const rows = (await response.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, any>);
    expect(rows.length).toBe(Number(response.headers.get('x-export-total')));
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(['name', 'sources', 'networks', 'address', 'siae']);
      expect(Array.isArray(row.sources) && row.sources.length > 0).toBe(true);
      expect(Array.isArray(row.networks)).toBe(true);
      expect(typeof row.address.city).toBe('string');
      expect(row.address.latitude === null || typeof row.address.latitude === 'number').toBe(true);
      expect(row.siae === null || typeof row.siae.kind === 'string').toBe(true);
    }
    expect(rows.some((row) => row.networks.length === 0)).toBe(true);
    expect(rows.some((row) => typeof row.address.latitude === 'number')).toBe(true);
  });

  itNeeding(pandas, 'writes `;` and a decimal comma on request, and drops the BOM with bom=false', async () => {
    const response = await fetch(
      exportUrl(server(), STRUCTURES, { format: 'csv', separator: ';', decimal: ',', bom: 'false' }, { d: '2A' }),
    );
    const bytes = await bytesOf(response);
    expect(bytes[0]).toBe('n'.charCodeAt(0));
    const text = new TextDecoder().decode(bytes);
    expect(text.split('\r\n')[0]).toBe('name;siret;address.city;address.latitude;address.longitude;siae.kind');
    expect(text).toMatch(/;4[12],\d+;/);
    const floats = await floatsWithPandas(bytes, ['address.latitude'], { sep: ';', decimal: ',' });
    expect(floats._dtypes['address.latitude']).toBe('float64');
    expect(floats['address.latitude']!.every((v) => v > 41 && v < 43.1)).toBe(true);
  });

  itNeeding(pandas, 'stops at EXPORT_MAX_ROWS and says so: header, trailer row', async () => {
    const small = await startServer(sandbox(), { EXPORT_MAX_ROWS: '150' });
    try {
      const total = await totalOf(small, '44');
      const response = await fetch(exportUrl(small, STRUCTURES, { format: 'csv' }, { d: '44' }));
      expect(response.headers.get('x-export-truncated')).toBe(String(total - 150));
      const frame = await readWithPandas(await bytesOf(response), 'csv');
      expect(frame.rows).toHaveLength(151);
      expect(frame.rows[150]!['name']).toMatch(/^#export incomplete: 150 rows written; .*EXPORT_MAX_ROWS/);
      const ndjson = await (await fetch(exportUrl(small, STRUCTURES, { format: 'ndjson' }, { d: '44' }))).text();
      const last = JSON.parse(ndjson.trim().split('\n').at(-1)!);
      expect(last._export).toMatchObject({ complete: false, rows: 150, missing: total - 150 });
    } finally {
      await small.close();
    }
  });

  itNeeding(pandas, 'says so when a page fails midway, after the rows it could write', async () => {
    const query = '{ datasets(filter: { query: "budget" }, first: 3) { nodes { title } } }';
    // The first page is in the upstream cache; every later page meets the failing source.
    await server().graphql(query);
    sandbox().controls.addFault({ source: 'datagouv', kind: 'status', status: 500 });
    const response = await fetch(exportUrl(server(), query, { format: 'csv' }));
    expect(response.status).toBe(200);
    const frame = await readWithPandas(await bytesOf(response), 'csv');
    expect(frame.rows).toHaveLength(4);
    expect(frame.rows[3]!['title']).toMatch(/^#export incomplete: 3 rows written; a page failed after 3 rows/);
  });

  it('refuses up front, before any Melodi call, Melodi-backed columns over thousands of rows', async () => {
    sandbox().controls.resetCounters();
    const query = '{ communes(search: "saint", first: 5) { nodes { code name stats { medianIncome { value } } } } }';
    const response = await fetch(exportUrl(server(), query, { format: 'csv' }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as any;
    expect(body.errors[0].extensions).toMatchObject({ code: 'EXPORT_TOO_COSTLY', source: 'melodi' });
    expect(body.errors[0].message).toMatch(/calls to melodi .* every client together/);
    expect(sandbox().controls.count('melodi')).toBe(0);
  });

  itNeeding(pandas, 'neutralises formula cells so that a spreadsheet reads them as text', async () => {
    const key = { 'x-datagouv-api-key': sandbox().credentials.datagouvApiKey };
    const formula = '=HYPERLINK("http://attacker.example","Clique")';
    const { body } = await server().graphql(
      'mutation ($t: String) { createDataset(input: { title: $t, description: "Essai", tags: ["piege"] }) { id } }',
      { t: formula },
      key,
    );
    expect(body.errors).toBeUndefined();
    const response = await fetch(exportUrl(server(), '{ datasets(filter: { tag: "piege" }) { nodes { title } } }', { format: 'csv' }));
    const frame = await readWithPandas(await bytesOf(response), 'csv');
    expect(frame.rows.map((row) => row['title'])).toEqual([`'${formula}`]);
  });

  itNeeding(pandas, 'walks the whole list of a query asked by its persisted hash alone', async () => {
    const query = '{ communes(department: "2A", first: 50) { nodes { code name } } }';
    const extensions = { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } };
    await fetch(`${server().url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, extensions }),
    });
    const response = await fetch(
      `${server().url}/graphql?${new URLSearchParams({ extensions: JSON.stringify(extensions), format: 'csv' })}`,
    );
    const total = Number(response.headers.get('x-export-total'));
    expect(total).toBeGreaterThan(50);
    const frame = await readWithPandas(await bytesOf(response), 'csv');
    expect(frame.columns).toEqual(['code', 'name']);
    expect(frame.rows).toHaveLength(total);
  });
  it('counts the cells a failing source left empty: X-GraphQL-Errors, as a header and a trailer', async () => {
    // Bastia's services, read by no other test (neither cached nor stale): data·inclusion gives
    // every row, and each row's SIAE record meets the failing Marché.
    sandbox().controls.addFault({ source: 'lemarche', kind: 'status', status: 500 });
    const query = '{ commune(code: "2B033") { services(first: 15) { totalCount nodes { name structure { siae { kind } } } } } }';
    const { status, headers, body, trailers } = await withTrailers(exportUrl(server(), query, { format: 'csv' }));
    expect(status, body).toBe(200);
    const rows = body.trimEnd().split('\r\n').slice(1);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBe(Number(headers['x-export-total']));
    expect(Number(headers['x-graphql-errors'])).toBeGreaterThan(0);
    // The header counts the first page's, the trailer every page's.
    expect(Number(trailers['x-graphql-errors'])).toBeGreaterThan(Number(headers['x-graphql-errors']));
    expect(trailers['x-export-truncated']).toBe('0');
  });
});
