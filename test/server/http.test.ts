import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/sandbox.js';
import { example, startServer, type TestServer } from '../helpers/server.js';

const sandbox = useSandbox();
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
async function start(env: Record<string, string> = {}): Promise<TestServer> {
  server = await startServer(sandbox(), env);
  return server;
}

describe('GraphQL over HTTP', () => {
  it('answers GET queries (with or without a preflight header: issue 16) and refuses GET mutations', async () => {
    const { url } = await start();
    const ok = await fetch(`${url}/graphql?query=${encodeURIComponent('{ commune(code: "44109") { name } }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ data: { commune: { name: 'Nantes' } } });
    const simple = await fetch(`${url}/graphql?query=${encodeURIComponent('{ __typename }')}`);
    expect(simple.status).toBe(200);
    const mutation = await fetch(`${url}/graphql?query=${encodeURIComponent('mutation { createDataset(input: { title: "x" }) { id } }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(mutation.status).toBe(405);
  });

  it('supports automatic persisted queries, by POST and by GET', async () => {
    const { url } = await start();
    const query = '{ commune(code: "2A004") { name } }';
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    const post = (body: unknown) =>
      fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
        (r) => r.json() as Promise<any>,
      );
    expect((await post({ extensions })).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await post({ query, extensions })).data.commune.name).toBe('Ajaccio');
    const get = await fetch(`${url}/graphql?extensions=${encodeURIComponent(JSON.stringify(extensions))}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(((await get.json()) as any).data.commune.name).toBe('Ajaccio');
  });

  it('answers CORS preflights, and refuses bodies over the limit', async () => {
    const { url } = await start({ CORS_ORIGINS: 'https://tableau.example.org' });
    const preflight = await fetch(`${url}/graphql`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://tableau.example.org',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://tableau.example.org');
    const other = await fetch(`${url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example.org', 'access-control-request-method': 'POST' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const huge = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ __typename }${' '.repeat(1024 * 1024)}` }),
    });
    expect(huge.status).toBe(413);
  });

  it('carries a request id to the upstreams and back to the client', async () => {
    const { url } = await start();
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-me-42' },
      body: JSON.stringify({ query: '{ dataset(id: "nope") { id } }' }),
    });
    expect(response.headers.get('x-request-id')).toBe('trace-me-42');
    expect(
      sandbox()
        .controls.requests('datagouv')
        .map((r) => r.requestId),
    ).toEqual(['trace-me-42']);
    const generated = await fetch(`${url}/healthz`, { headers: { 'x-request-id': 'not a valid id!' } });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('limits each client’s request rate, with the standard headers, per API key when configured', async () => {
    const { url } = await start({ RATE_LIMIT_PER_MINUTE: '3', API_KEYS: 'dashboard-team-key' });
    const ask = (headers: Record<string, string> = {}) =>
      fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{"query":"{ __typename }"}',
      });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push(await ask());
    expect(statuses.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(statuses[0]!.headers.get('x-ratelimit-limit')).toBe('3');
    expect(statuses[2]!.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(statuses[3]!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await ask({ 'x-api-key': 'dashboard-team-key' })).status).toBe(200);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it('reports each upstream’s circuit and last error in /readyz with READYZ_DETAILS', async () => {
    const s = await start({ INSEE_RETRIES: '0', BREAKER_MIN_REQUESTS: '2', READYZ_DETAILS: 'true' });
    sandbox().controls.addFault({ source: 'insee', kind: 'status', status: 502 });
    const cube = 'cube(dataset: "POPLEG2020", variables: ["IND_POPLEGALES"]) { year }';
    for (const code of ['44109', '44020']) await s.graphql(`{ commune(code: "${code}") { stats { ${cube} } } }`);
    const readiness = (await (await fetch(`${s.url}/readyz`)).json()) as any;
    expect(readiness.status).toBe('ready');
    expect(readiness.upstreams.insee).toMatchObject({ state: 'open', breaker: 'open', lastError: { code: 'UPSTREAM_UNAVAILABLE' } });
    expect(readiness.upstreams.datagouv).toMatchObject({ state: 'ok', breaker: 'closed', credential: true, lastError: null });
  });

  it('tells the public /readyz each upstream’s state only: not which credentials are configured, nor the last error', async () => {
    const s = await start({ INSEE_RETRIES: '0', BREAKER_MIN_REQUESTS: '2' });
    sandbox().controls.addFault({ source: 'insee', kind: 'status', status: 502 });
    for (const code of ['44109', '44020']) {
      await s.graphql(`{ commune(code: "${code}") { stats { cube(dataset: "POPLEG2020", variables: ["IND_POPLEGALES"]) { year } } } }`);
    }
    const text = await (await fetch(`${s.url}/readyz`)).text();
    const readiness = JSON.parse(text);
    expect(readiness).toMatchObject({ status: 'ready', cache: 'memory' });
    expect(readiness.upstreams.insee).toEqual({ state: 'open' });
    expect(readiness.upstreams.datagouv).toEqual({ state: 'ok' });
    expect(text).not.toMatch(/credential|lastError|502/i);
  });

  it('exposes request durations by operation name in /metrics', async () => {
    const s = await start();
    await s.graphql(example('communes-search'), { search: 'nantes' });
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toMatch(/graphql_request_duration_seconds_count\{operation="CommunesSearch"\} 1/);
    expect(metrics).toMatch(/graphql_requests_total\{operation="CommunesSearch",outcome="ok"\} 1/);
    expect(metrics).toMatch(/http_request_duration_seconds_count\{route="\/graphql",method="POST",status="200"\} 1/);
  });

  it('finishes requests in flight when shutting down', async () => {
    const s = await start();
    sandbox().controls.setLatency('datagouv', 400);
    const pending = s.graphql(example('datasets-of-commune'), { commune: '44109' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await s.close();
    server = undefined;
    const { status, body } = await pending;
    expect(status).toBe(200);
    expect(body.data.datasets.totalCount).toBeGreaterThan(0);
  });
});

describe('protection', () => {
  /** Refused before execution, so before any upstream call. */
  async function refused(s: TestServer, query: string): Promise<string> {
    sandbox().controls.resetCounters();
    const { status, body } = await s.graphql(query);
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(sandbox().controls.count()).toBe(0);
    return body.errors![0]!.message;
  }

  it('rejects deep nesting, alias floods, huge lists, token floods, directive floods and fragment cycles', async () => {
    const s = await start();
    let deep = 'name';
    for (let i = 0; i < 12; i++) deep = `parent { ${deep} }`;
    expect(await refused(s, `{ commune(code: "75111") { ${deep} } }`)).toMatch(/depth/i);
    const aliases = Array.from({ length: 2000 }, (_, i) => `a${i}: commune(code: "44109") { name }`).join(' ');
    expect(await refused(s, `{ ${aliases} }`)).toMatch(/alias|token/i);
    expect(
      await refused(s, '{ communes(first: 100) { nodes { structures(first: 100) { nodes { services(first: 100) { nodes { id } } } } } } }'),
    ).toMatch(/too costly/);
    expect(await refused(s, `{ __typename ${'@include(if: true) '.repeat(50)} }`)).toMatch(/directive/i);
    expect(await refused(s, 'query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }')).toMatch(/cannot spread fragment/i);
  });

  it('lets every client query of the contract through the default limits', async () => {
    const s = await start();
    for (const name of ['commune-dashboard', 'structures-of-department', 'formation-outcomes']) {
      const variables =
        name === 'formation-outcomes'
          ? { code: '40025214', region: '52' }
          : name === 'commune-dashboard'
            ? { code: '44109' }
            : { department: '44' };
      const { body } = await s.graphql(example(name), variables);
      expect(body.errors).toBeUndefined();
    }
  });

  it('turns introspection and field suggestions off when asked', async () => {
    const open = await start();
    expect((await open.graphql('{ __schema { queryType { name } } }')).body.data.__schema.queryType.name).toBe('Query');
    expect((await open.graphql('{ comune(code: "44109") { name } }')).body.errors![0]!.message).toMatch(/Did you mean/);
    await open.close();
    const closed = await start({ INTROSPECTION: 'false', FIELD_SUGGESTIONS: 'false' });
    expect((await closed.graphql('{ __schema { queryType { name } } }')).body.errors![0]!.message).toMatch(/introspection/i);
    expect((await closed.graphql('{ comune(code: "44109") { name } }')).body.errors![0]!.message).not.toMatch(/Did you mean/);
  });
});

describe('exports for BI tools', () => {
  const listQuery = example('structures-of-department');

  it('exports the first list as CSV with dotted columns, by `format` or by Accept', async () => {
    const { url } = await start();
    const params = new URLSearchParams({ query: listQuery, variables: JSON.stringify({ department: '2A' }), format: 'csv' });
    const response = await fetch(`${url}/graphql?${params}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const [header, ...rows] = (await response.text()).trim().split('\r\n');
    expect(header!.split(',')).toEqual(
      expect.arrayContaining([
        'id',
        'name',
        'siret',
        'address.city',
        'commune.code',
        'commune.epci.name',
        'commune.stats.legalPopulation.municipal',
        'siae.kind',
        'services.nodes',
      ]),
    );
    // The whole list, not the first page of 50 (issue 16).
    expect(rows.length).toBeGreaterThan(50);
    expect(response.headers.get('x-export-total')).toBe(String(rows.length));
    // No column for a parent object that is null in some rows and has fields in others.
    expect(header!.split(',')).not.toContain('siae');
    params.delete('format');
    params.set('separator', ';');
    const byAccept = await fetch(`${url}/graphql?${params}`, { headers: { accept: 'text/csv' } });
    expect((await byAccept.text()).split('\r\n')[0]).toContain(';commune.code;');
  });

  it('exports NDJSON, one row per line as the answer holds it', async () => {
    const { url } = await start();
    const params = new URLSearchParams({
      query: example('communes-search'),
      variables: JSON.stringify({ search: 'saint-etienne' }),
      format: 'ndjson',
    });
    const lines = (await (await fetch(`${url}/graphql?${params}`)).text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ code: '42218', name: 'Saint-Étienne', department: { code: '42' } });
    // Every commune found, not the first page of 10 (issue 16).
    expect(lines.length).toBeGreaterThan(10);
  });

  it('refuses mutations without running them, and queries without a list', async () => {
    const { url } = await start();
    sandbox().controls.resetCounters();
    const mutation = new URLSearchParams({ query: 'mutation { createDataset(input: { title: "x" }) { id } }', format: 'csv' });
    const refused = await fetch(`${url}/graphql?${mutation}`);
    expect(refused.status).toBe(405);
    expect(await refused.text()).toMatch(/only support query operations/);
    expect(sandbox().controls.count()).toBe(0);
    const noList = new URLSearchParams({ query: '{ commune(code: "44109") { name } }', format: 'csv' });
    expect((await fetch(`${url}/graphql?${noList}`)).status).toBe(400);
  });
});
