import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWithPandas } from '../helpers/pandas.js';
import { itNeeding, pandas } from '../helpers/system.js';
import { useSandbox } from '../helpers/sandbox.js';
import { startServer, type TestServer } from '../helpers/server.js';

const sandbox = useSandbox();

/*
 * Named endpoints: every query of schema/examples/ (and of PERSISTED_QUERIES_DIR) by GET, its
 * variables from the query string, in JSON, CSV and NDJSON.
 */
const persisted = mkdtempSync(join(tmpdir(), 'persisted-'));
writeFileSync(
  join(persisted, 'communes-of-department.graphql'),
  '# Communes of a department.\nquery CommunesOfDepartment($code: String!, $first: Int = 100) { communes(department: $code, first: $first) { totalCount nodes { code name } } }\n',
);

let server: TestServer;
beforeAll(async () => {
  server = await startServer(sandbox(), { PERSISTED_QUERIES_DIR: persisted });
});
afterAll(async () => server?.close());

async function total(department: string): Promise<number> {
  const { body } = await server.graphql('query($d: String!) { structures(filter: { department: $d }) { totalCount } }', { d: department });
  return body.data.structures.totalCount as number;
}

describe('named endpoints', () => {
  it('lists the queries with their variables, mutations left out', async () => {
    const response = await fetch(`${server.url}/rest`);
    expect(response.status).toBe(200);
    const { endpoints } = (await response.json()) as { endpoints: any[] };
    const names = endpoints.map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['structures-of-department', 'communes-search', 'communes-of-department']));
    expect(names).not.toContain('create-dataset');
    expect(endpoints.find((e) => e.name === 'structures-of-department')).toMatchObject({
      operationName: 'StructuresOfDepartment',
      variables: [{ name: 'department', type: 'String!', required: true, example: '44' }],
    });
  });

  it('lists each endpoint with an example URL, its variables from the operation’s header, that answers without errors', async () => {
    const { endpoints } = (await (await fetch(`${server.url}/rest`)).json()) as { endpoints: { name: string; example?: string }[] };
    const examples = endpoints.filter((endpoint) => endpoint.example !== undefined);
    // Every example query has one; a persisted query without a `# Variables:` header has none to give.
    expect(examples.map((e) => e.name).sort()).toEqual(
      endpoints
        .map((e) => e.name)
        .filter((n) => n !== 'communes-of-department')
        .sort(),
    );
    expect(endpoints.find((e) => e.name === 'services-near')!.example).toBe(
      '/rest/services-near.json?commune=75056&themes=mobilite&themes=numerique',
    );
    for (const { name, example } of examples) {
      const response = await fetch(`${server.url}${example}`);
      const body = (await response.json()) as { data?: unknown; errors?: unknown };
      expect(response.status, name).toBe(200);
      expect(body.errors, name).toBeUndefined();
      expect(body.data, name).toBeTruthy();
    }
  });

  it('lists the export formats only of an endpoint that has a list, whose CSV then answers (400 for the others)', async () => {
    const { endpoints } = (await (await fetch(`${server.url}/rest`)).json()) as {
      endpoints: { name: string; urls: string[]; example?: string }[];
    };
    // An operation without a list (a commune's figures) has nothing to export: JSON alone.
    expect(endpoints.find((e) => e.name === 'commune-statistics')!.urls).toEqual(['/rest/commune-statistics.json']);
    for (const { name, urls, example } of endpoints.filter((e) => e.example !== undefined)) {
      const exportable = urls.length > 1;
      expect(urls, name).toEqual((exportable ? ['json', 'csv', 'ndjson', 'xlsx'] : ['json']).map((f) => `/rest/${name}.${f}`));
      const csv = await fetch(`${server.url}/rest/${name}.csv${example!.slice(example!.indexOf('?'))}`);
      await csv.arrayBuffer();
      expect(csv.status, name).toBe(exportable ? 200 : 400);
    }
  });

  itNeeding(pandas, 'answers JSON as POST /graphql would, and the whole list as CSV and NDJSON', async () => {
    const json = await fetch(`${server.url}/rest/structures-of-department.json?department=44`);
    expect(json.status).toBe(200);
    expect(json.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const { data } = (await json.json()) as any;
    expect(data.structures.nodes).toHaveLength(50);
    const count = await total('44');
    expect(data.structures.totalCount).toBe(count);

    const csv = await fetch(`${server.url}/rest/structures-of-department.csv?department=44`);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="structures-of-department.csv"');
    const frame = await readWithPandas(new Uint8Array(await csv.arrayBuffer()), 'csv');
    expect(frame.rows).toHaveLength(count);
    expect(frame.columns.slice(0, 3)).toEqual(['id', 'name', 'siret']);

    const ndjson = await fetch(`${server.url}/rest/structures-of-department.ndjson?department=44`);
    expect((await readWithPandas(new Uint8Array(await ndjson.arrayBuffer()), 'ndjson')).rows).toHaveLength(count);

    const byAccept = await fetch(`${server.url}/rest/structures-of-department?department=2A`, { headers: { accept: 'text/csv' } });
    expect(byAccept.headers.get('content-type')).toMatch(/^text\/csv/);
  });

  itNeeding(pandas, 'serves PERSISTED_QUERIES_DIR, typing variables from their definitions (defaults, Int)', async () => {
    const all = (await (await fetch(`${server.url}/rest/communes-of-department.json?code=2A`)).json()) as any;
    const count = all.data.communes.totalCount as number;
    expect(count).toBeGreaterThan(100);
    const csv = await (await fetch(`${server.url}/rest/communes-of-department.csv?code=2A&first=40`)).arrayBuffer();
    expect((await readWithPandas(new Uint8Array(csv), 'csv')).rows).toHaveLength(count);
  });

  it('refuses a bad variable with a 400 naming it, a mutation with a 405, an unknown name with a 404', async () => {
    const missing = await fetch(`${server.url}/rest/communes-search.csv`);
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as any).errors[0].extensions).toMatchObject({ variable: 'search' });
    const notInt = await fetch(`${server.url}/rest/communes-of-department.json?code=2A&first=beaucoup`);
    expect(notInt.status).toBe(400);
    const body = (await notInt.json()) as any;
    expect(body.errors[0].extensions.variable).toBe('first');
    expect(body.errors[0].message).toMatch(/\$first/);
    expect((await fetch(`${server.url}/rest/create-dataset`)).status).toBe(405);
    expect((await fetch(`${server.url}/rest/no-such-thing.csv`)).status).toBe(404);
  });
});
