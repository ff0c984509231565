import JSZip from 'jszip';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { SOURCE_NAMES } from '../../src/sources/names.js';
import { postMcp } from '../helpers/mcp.js';
import { secretCredentials, useSandbox } from '../helpers/sandbox.js';
import { example, startServer } from '../helpers/server.js';

const sandbox = useSandbox({ inseeQuota: { limit: 100_000, windowMs: 60_000 } });

const QUERIES: [string, Record<string, unknown>][] = [
  ['commune-dashboard', { code: '44109' }],
  ['communes-search', { search: 'nantes' }],
  ['datasets-of-commune', { commune: '44109', query: 'budget' }],
  ['formation-outcomes', { code: '40025214', region: '52' }],
  ['services-near', { commune: '75056', themes: ['numerique'] }],
  ['structures-of-department', { department: '44' }],
  ['create-dataset', { input: { title: 'Essai', description: 'Un jeu de données.', tags: ['essai'] } }],
];

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A read of each OData entity set (named by the service document), reaching every source the set reads. */
const ODATA_READS: Record<string, string[]> = {
  Communes: [
    "Communes?$filter=department eq '44'&$select=code,legalPopulation,unemploymentRate,medianLivingStandard&$top=3",
    "Communes('44109')",
  ],
  Departments: ["Departments?$filter=region eq '52'", "Departments('44')"],
  Regions: ["Regions('52')"],
  Epcis: ['Epcis?$top=3'],
  Structures: ["Structures?$filter=department eq '44'&$top=20&$expand=Commune"],
  Services: ["Services?$filter=department eq '44' and themes/any(t:t eq 'numerique')&$top=5"],
  Formations: ["Formations?$filter=region eq '52' and code in ('40025214')"],
  Datasets: ["Datasets?$filter=communes/any(c:c eq '44109')&$top=5"],
};

/**
 * Exports of lists from every source: spreadsheets from named endpoints and from a query, and the
 * same list as CSV and NDJSON (whose rows and cut-short notes are text).
 */
const EXPORTS = [
  '/rest/structures-of-department.csv?department=44',
  '/rest/structures-of-department.ndjson?department=44',
  '/rest/structures-of-department.xlsx?department=44',
  '/rest/services-near.xlsx?commune=75056&themes=numerique',
  '/rest/datasets-of-commune.xlsx?commune=44109&query=budget',
  '/rest/formation-outcomes.xlsx?code=40025214&region=52',
  `/graphql?${new URLSearchParams({
    format: 'xlsx',
    query:
      '{ communes(search: "nantes", first: 3) { nodes { code stats { legalPopulation { municipal } employment { unemploymentRate } } } } }',
  })}`,
];

/** Every credential the sandbox gives, and a caller's own data.gouv.fr key. */
const callerKey = `udata_caller_${'k'.repeat(32)}`;
const secrets = () => [...secretCredentials(sandbox().credentials), callerKey];

/**
 * A server with every credential configured, logging everything; `run` returns what the
 * clients saw, checked with the log for every secret.
 */
async function expectNoSecretIn(run: (serverUrl: string) => Promise<string[]>): Promise<void> {
  const lines: string[] = [];
  const logger = pino({ level: 'trace' }, new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }));
  const server = await startServer(
    sandbox(),
    { DATAGOUV_API_KEY: sandbox().credentials.datagouvApiKey, BREAKER_MIN_REQUESTS: '1000', INSEE_TIMEOUT_MS: '300', INSEE_RETRIES: '0' },
    logger,
  );
  const seen: string[] = [];
  try {
    seen.push(...(await run(server.url)));
    seen.push(await (await fetch(`${server.url}/metrics`)).text(), await (await fetch(`${server.url}/readyz`)).text());
  } finally {
    await server.close();
  }
  const everything = [...seen, ...lines].join('\n');
  expect(lines.length).toBeGreaterThan(10);
  for (const secret of secrets()) expect(everything).not.toContain(secret);
}

/**
 * What a client sees of an answer: its headers and its body, a workbook's as the XML inside it
 * (an .xlsx is a zip, whose compressed bytes would hide any text).
 */
async function seenOf(response: Response): Promise<string> {
  const headers = JSON.stringify([...response.headers.entries()]);
  if (!response.headers.get('content-type')?.startsWith(XLSX)) return `${headers}\n${await response.text()}`;
  const workbook = await JSZip.loadAsync(await response.arrayBuffer());
  const parts = await Promise.all(Object.values(workbook.files).map((file) => file.async('string')));
  expect(parts.join('')).toMatch(/<sheetData/);
  return [headers, ...parts].join('\n');
}

/** Every source failing with one fault in turn (none first). */
async function underEveryFault(
  faults: readonly (undefined | 'status' | 'malformed-json' | 'off-contract' | 'reset' | 'hang')[],
  run: () => Promise<void>,
) {
  for (const fault of faults) {
    sandbox().controls.clearFaults();
    if (fault) for (const source of SOURCE_NAMES) sandbox().controls.addFault({ source, kind: fault, status: 401 });
    await run();
  }
  sandbox().controls.clearFaults();
}

describe('credentials never leak', () => {
  it('from any query or fault: not in responses, headers, logs or metrics', async () => {
    await expectNoSecretIn(async (serverUrl) => {
      const seen: string[] = [];
      await underEveryFault([undefined, 'status', 'malformed-json', 'off-contract', 'reset', 'hang'], async () => {
        for (const [name, variables] of QUERIES) {
          const response = await fetch(`${serverUrl}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-datagouv-api-key': name === 'create-dataset' ? callerKey : '' },
            body: JSON.stringify({ query: example(name), variables }),
          });
          seen.push(JSON.stringify([...response.headers.entries()]), await response.text());
        }
      });
      return seen;
    });
  }, 120_000);

  it('from any MCP tool call or fault: not in tool results, error texts, headers or logs', async () => {
    // Every read as its tool, run_query (a read, and a mutation it refuses), and arguments refused:
    // with the caller's own data.gouv.fr key sent along, which no tool may use or repeat.
    const calls: [string, Record<string, unknown>][] = [
      ...QUERIES.filter(([name]) => name !== 'create-dataset'),
      ['run_query', { query: example('commune-dashboard'), variables: { code: '13055' } }],
      ['run_query', { query: example('create-dataset'), variables: QUERIES.find(([name]) => name === 'create-dataset')![1] }],
      ['structures-of-department', { department: 44 }],
    ];
    await expectNoSecretIn(async (serverUrl) => {
      const seen: string[] = [];
      // The faults first: once a source has answered, its cache (and the response cache) would hide them.
      await underEveryFault(['status', 'malformed-json', 'off-contract', 'reset', undefined], async () => {
        for (const [index, [name, args]] of calls.entries()) {
          const message = { jsonrpc: '2.0', id: index, method: 'tools/call', params: { name, arguments: args } };
          const answer = await postMcp(serverUrl, JSON.stringify(message), { 'x-datagouv-api-key': callerKey });
          expect(answer.status, name).toBe(200);
          seen.push(JSON.stringify([...answer.headers.entries()]), answer.text);
        }
      });
      expect(seen.join('\n')).toMatch(/UPSTREAM_/);
      return seen;
    });
  }, 120_000);

  it('from any OData read or fault: not in rows, @inclusion.errors annotations, OData error bodies, headers or logs', async () => {
    await expectNoSecretIn(async (serverUrl) => {
      const sets = ((await (await fetch(`${serverUrl}/odata/`)).json()) as { value: { name: string }[] }).value.map((set) => set.name);
      expect(Object.keys(ODATA_READS).sort()).toEqual([...sets].sort());
      // Rows read by their key, which answer an OData error body when their source fails (their
      // ids from another department than the lists', so that no cache hides the faults below).
      const keyed = await Promise.all(
        [
          "Structures?$filter=department eq '13'",
          "Services?$filter=department eq '13'",
          "Datasets?$filter=communes/any(c:c eq '13055')",
        ].map(async (read) => {
          const { value } = (await (await fetch(`${serverUrl}/odata/${read}&$top=1&$select=id`)).json()) as { value: { id: string }[] };
          return `${read.split('?', 1)[0]}('${value[0]!.id}')`;
        }),
      );
      // And reads refused before any call: their OData error bodies too.
      const reads = [...Object.values(ODATA_READS).flat(), ...keyed, 'Structures', "Communes('99999')"];
      const seen: string[] = [];
      // The faults first: once a source has answered, its cache (and the response cache) would hide them.
      await underEveryFault(['status', 'malformed-json', 'off-contract', 'reset', undefined], async () => {
        for (const read of reads) {
          const response = await fetch(`${serverUrl}/odata/${read}`, { headers: { 'x-datagouv-api-key': callerKey } });
          seen.push(await seenOf(response));
        }
      });
      const all = seen.join('\n');
      expect(all).toMatch(/"@inclusion\.errors"/);
      expect(all).toMatch(/"error":\{"code":"BAD_REQUEST"/);
      expect(all).toMatch(/"error":\{"code":"UPSTREAM_/);
      expect(all).toMatch(/"value":\[\{/);
      return seen;
    });
  }, 120_000);

  it("from any export or fault: not in the rows (a workbook's XML), their errors, headers or logs", async () => {
    await expectNoSecretIn(async (serverUrl) => {
      const seen: string[] = [];
      await underEveryFault(['status', 'malformed-json', 'off-contract', 'reset', undefined], async () => {
        for (const path of EXPORTS) {
          const response = await fetch(`${serverUrl}${path}`, { headers: { 'x-datagouv-api-key': callerKey } });
          seen.push(await seenOf(response));
        }
      });
      expect(seen.filter((answer) => answer.includes('<sheetData'))).not.toHaveLength(0);
      return seen;
    });
  }, 120_000);
});
