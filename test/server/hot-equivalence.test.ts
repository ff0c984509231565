import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { describeNeeding, redisServer } from '../helpers/system.js';
import { useSandbox } from '../helpers/sandbox.js';
import { example, serversPerTest, untilSharedResponseWritten, type TestServer } from '../helpers/server.js';

/*
 * The hot layer replays an answer to every request that means the same (issue 17): whatever its
 * spelling (spacing, comments, `variables: {}`, key order, GET or POST) and whoever asked first
 * (another spelling, another replica through the shared response cache). A hot answer is told
 * from a response-cache hit by Apollo not running at all: the response cache counts every
 * look-up Apollo makes (`graphql_response_cache_total`), and a hot replay makes none.
 * Answers that must differ (other variables, operation, query, Accept, a trace, a mutation) never
 * share one.
 */
const sandbox = useSandbox();
const start = serversPerTest(sandbox, { FEDERATION_TRACING: 'true' });

const DASHBOARD = example('commune-dashboard');
/** A list fed by the embedded geography alone, with no variables. */
const COMMUNES = '{ communes(search: "nantes", first: 3) { nodes { code name } } }';

interface Sent {
  status: number;
  headers: Headers;
  text: string;
}

async function sent(response: Promise<Response>): Promise<Sent> {
  const r = await response;
  return { status: r.status, headers: r.headers, text: await r.text() };
}

/** A JSON POST of exactly this body text, so that spellings stay as written. */
function postRaw(server: TestServer, body: string, headers: Record<string, string> = {}): Promise<Sent> {
  return sent(fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }));
}

function post(server: TestServer, fields: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Sent> {
  return postRaw(server, JSON.stringify(fields), headers);
}

/** A GET with these search parameters (variables and extensions given as JSON text). */
function get(server: TestServer, search: Record<string, string>, headers: Record<string, string> = {}): Promise<Sent> {
  return sent(fetch(`${server.url}/graphql?${new URLSearchParams(search).toString()}`, { headers }));
}

/**
 * How many look-ups Apollo's response cache made: one per query Apollo ran, none for a hot replay.
 * Read from the registry itself: `/metrics` serves a rendering up to a second old.
 */
async function responseCacheLookups(server: TestServer): Promise<number> {
  const counter = server.connections.metrics.registry.getSingleMetric('graphql_response_cache_total');
  const { values } = await counter!.get();
  return values.reduce((sum, { value }) => sum + value, 0);
}

/** Sends a request and checks it was replayed by the hot layer: the first answer, no upstream call, Apollo not run. */
async function expectHot(server: TestServer, send: () => Promise<Sent>, first: Sent): Promise<Sent> {
  sandbox().controls.resetCounters();
  const lookups = await responseCacheLookups(server);
  const answer = await send();
  expect(answer.status).toBe(200);
  expect(answer.headers.get('x-response-cache')).toBe('hit');
  expect(JSON.parse(answer.text)).toEqual(JSON.parse(first.text));
  expect(sandbox().controls.count()).toBe(0);
  expect(await responseCacheLookups(server)).toBe(lookups);
  return answer;
}

/** The answer came from an execution of its own (Apollo ran, whatever the response cache said). */
async function expectExecuted(server: TestServer, send: () => Promise<Sent>): Promise<Sent> {
  const lookups = await responseCacheLookups(server);
  const answer = await send();
  expect(await responseCacheLookups(server)).toBe(lookups + 1);
  return answer;
}

describe('the hot layer replays every spelling of a request', () => {
  it('replays the dashboard respaced, with comments, with variables in another order, null or empty fields', async () => {
    const server = await start();
    const first = await post(server, { query: DASHBOARD, variables: { code: '44109' } });
    expect(first.headers.get('x-response-cache')).toBe('miss');
    expect(JSON.parse(first.text).errors).toBeUndefined();

    const respaced = DASHBOARD.replace(/\n\s*/g, '\n      ').replace(/\{/g, ' {  ');
    await expectHot(server, () => post(server, { query: respaced, variables: { code: '44109' } }), first);
    const commented = `# my dashboard\n${DASHBOARD.replace(/\n/g, ' # a comment, then\n')}`;
    await expectHot(server, () => post(server, { query: commented, variables: { code: '44109' } }), first);
    const nullFields = { query: DASHBOARD, variables: { code: '44109' }, operationName: null, extensions: null };
    await expectHot(server, () => post(server, nullFields), first);
    const spacedJson = `{ "variables" : { "code" : "44109" },\n  "query" : ${JSON.stringify(DASHBOARD)} }`;
    await expectHot(server, () => postRaw(server, spacedJson), first);
  });

  it('replays with variables in another key order', async () => {
    const server = await start();
    const query = example('datasets-of-commune');
    const first = await postRaw(server, JSON.stringify({ query, variables: { commune: '44109', query: 'budget' } }));
    expect(first.headers.get('x-response-cache')).toBe('miss');
    const reordered = JSON.stringify({ variables: { query: 'budget', commune: '44109' }, query });
    await expectHot(server, () => postRaw(server, reordered), first);
  });

  it('replays a query with `variables: {}`, `variables: null` or no variables alike, either asked first', async () => {
    const server = await start();
    const first = await post(server, { query: COMMUNES, variables: {} });
    expect(first.headers.get('x-response-cache')).toBe('miss');
    await expectHot(server, () => post(server, { query: COMMUNES }), first);
    await expectHot(server, () => post(server, { query: COMMUNES, variables: null }), first);

    const other = COMMUNES.replace('nantes', 'rennes');
    const absentFirst = await post(server, { query: other });
    await expectHot(server, () => post(server, { query: other, variables: {} }), absentFirst);
  });

  it('replays a POST’s answer to the same GET, and a GET’s answer to the same POST', async () => {
    const server = await start();
    const byPost = await post(server, { query: DASHBOARD, variables: { code: '44109' } });
    await expectHot(server, () => get(server, { query: DASHBOARD, variables: '{"code":"44109"}' }), byPost);
    await expectHot(server, () => get(server, { query: DASHBOARD.replace(/\n\s*/g, '\n'), variables: '{ "code": "44109" }' }), byPost);

    const byGet = await get(server, { query: DASHBOARD, variables: '{"code":"35238"}' });
    expect(byGet.headers.get('x-response-cache')).toBe('miss');
    await expectHot(server, () => post(server, { query: DASHBOARD, variables: { code: '35238' } }), byGet);
    await expectHot(server, () => post(server, { query: DASHBOARD, variables: { code: '35238' }, operationName: null }), byGet);
  });

  it('gives a replay the ETag of the executed answer, and 304 to a matching If-None-Match', async () => {
    const server = await start();
    const first = await get(server, { query: COMMUNES });
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w+/=]+"$/);
    const hot = await expectHot(server, () => post(server, { query: COMMUNES, variables: {} }), first);
    expect(hot.headers.get('etag')).toBe(etag);
    const lookups = await responseCacheLookups(server);
    const revalidated = await get(server, { query: COMMUNES, variables: '{}' }, { 'if-none-match': etag });
    expect(revalidated.status).toBe(304);
    expect(revalidated.text).toBe('');
    expect(await responseCacheLookups(server)).toBe(lookups);
  });

  it('replays a persisted query asked by its hash alone', async () => {
    const server = await start();
    const { createHash } = await import('node:crypto');
    const extensions = { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(COMMUNES).digest('hex') } };
    const registered = await post(server, { query: COMMUNES, extensions });
    expect(registered.status).toBe(200);
    const byHash = await get(server, { extensions: JSON.stringify(extensions) });
    expect(JSON.parse(byHash.text)).toEqual(JSON.parse(registered.text));
    await expectHot(server, () => post(server, { extensions }), byHash);
  });
});

describeNeeding(redisServer, 'whoever asked first', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  afterEach(async () => {
    await redis?.flush();
  });

  async function replicas(env: Record<string, string> = {}): Promise<[TestServer, TestServer]> {
    const a = await start({ REDIS_URL: redis.url, ...env });
    const b = await start({ REDIS_URL: redis.url, ...env });
    for (let i = 0; i < 100 && !(a.connections.redis!.isReady && b.connections.redis!.isReady); i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    return [a, b];
  }

  it('keeps an answer first served from the shared response cache, asked by another replica', async () => {
    const [a, b] = await replicas();
    const variables = { department: '2A' };
    const query = example('structures-of-department');
    const first = await post(a, { query, variables });
    expect(first.headers.get('x-response-cache')).toBe('miss');
    await untilSharedResponseWritten(a);
    sandbox().controls.resetCounters();
    // Another spelling (GET, respaced): the shared cache has it all the same, and B keeps it hot.
    const respaced = query.replace(/\n\s*/g, '\n  ');
    const shared = await expectExecuted(b, () => get(b, { query: respaced, variables: JSON.stringify(variables) }));
    expect(shared.headers.get('x-response-cache')).toBe('hit');
    expect(sandbox().controls.count()).toBe(0);
    await expectHot(b, () => post(b, { query, variables }), first);
    await expectHot(b, () => get(b, { query: respaced, variables: JSON.stringify(variables) }), first);
  });

  it('ends an entry learnt from a response-cache hit when the data stop being fresh, not a max-age after the hit', async () => {
    const [a, b] = await replicas({ DATAGOUV_CACHE_TTL_S: '4' });
    const fields = { query: example('datasets-of-commune'), variables: { commune: '44109', query: 'budget' } };
    // Lifetimes and ages are read on Date, Redis's entries' included (keyv expires them itself):
    // a fake one (timers stay real, for the sockets) moves on without waiting.
    vi.useFakeTimers({ toFake: ['Date'] });
    const madeAt = Date.now();
    const first = await post(a, fields);
    await untilSharedResponseWritten(a);
    const maxAge = Number(/max-age=(\d+)/.exec(first.headers.get('cache-control') ?? '')?.[1]);
    expect(maxAge).toBeGreaterThanOrEqual(3);
    expect(maxAge).toBeLessThanOrEqual(4);
    vi.advanceTimersByTime(2000);
    const shared = await post(b, fields);
    expect(shared.headers.get('x-response-cache')).toBe('hit');
    expect(Number(shared.headers.get('age'))).toBeGreaterThanOrEqual(2);
    const hot = await expectHot(b, () => post(b, fields), first);
    // Age counts from when the data were made, as the response cache's own hit says.
    expect(Number(hot.headers.get('age'))).toBeGreaterThanOrEqual(2);
    expect(hot.headers.get('cache-control')).toBe(first.headers.get('cache-control'));
    // Past the data's freshness (at most 4 s after they were made), B executes again.
    vi.advanceTimersByTime(Math.max(0, madeAt + maxAge * 1000 + 300 - Date.now()));
    const expired = await expectExecuted(b, () => post(b, fields));
    expect(expired.headers.get('x-response-cache')).toBe('miss');
  });
});

describe('answers that must differ are never shared', () => {
  it('runs other variable values on their own, while another spelling of the same is replayed', async () => {
    const server = await start();
    const nantes = await post(server, { query: DASHBOARD, variables: { code: '44109' } });
    await expectHot(server, () => post(server, { query: DASHBOARD, variables: { code: '44109' }, operationName: null }), nantes);
    const rennes = await expectExecuted(server, () => post(server, { query: DASHBOARD, variables: { code: '35238' } }));
    expect(JSON.parse(rennes.text).data.commune.code).toBe('35238');
    // Other bytes in a variable value, even when they come to the same answer, are another request.
    const asNumber = await expectExecuted(server, () => post(server, { query: DASHBOARD, variables: { code: 44109 } }));
    expect(JSON.parse(asNumber.text).data.commune.code).toBe('44109');
  });

  it('runs another operation of the same document on its own', async () => {
    const server = await start();
    const document = `query Nantes { communes(search: "nantes", first: 1) { nodes { name } } }
      query Rennes { communes(search: "rennes", first: 1) { nodes { name } } }`;
    const nantes = await post(server, { query: document, operationName: 'Nantes' });
    await expectHot(server, () => get(server, { query: document, operationName: 'Nantes' }), nantes);
    const rennes = await expectExecuted(server, () => post(server, { query: document, operationName: 'Rennes' }));
    expect(JSON.parse(rennes.text).data.communes.nodes[0].name).toBe('Rennes');
    // Without an operation name, such a document is an error, never the first operation's answer.
    for (let i = 0; i < 2; i++) {
      const unnamed = await post(server, { query: document });
      expect(JSON.parse(unnamed.text).errors).toBeDefined();
      expect(unnamed.headers.get('x-response-cache')).toBeNull();
    }
  });

  it('runs a query with another argument on its own', async () => {
    const server = await start();
    const first = await post(server, { query: COMMUNES });
    await expectHot(server, () => post(server, { query: COMMUNES, variables: {} }), first);
    const other = await expectExecuted(server, () => post(server, { query: COMMUNES.replace('first: 3', 'first: 1') }));
    expect(JSON.parse(other.text).data.communes.nodes).toHaveLength(1);
  });

  it('answers each Accept its own way: JSON, application/graphql-response+json, CSV', async () => {
    const server = await start();
    const json = await get(server, { query: COMMUNES });
    await expectHot(server, () => post(server, { query: COMMUNES, variables: {} }), json);
    const accept = { accept: 'application/graphql-response+json' };
    const graphqlJson = await expectExecuted(server, () => post(server, { query: COMMUNES }, accept));
    expect(graphqlJson.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    const again = await expectHot(server, () => get(server, { query: COMMUNES }, accept), graphqlJson);
    expect(again.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    const csv = await get(server, { query: COMMUNES }, { accept: 'text/csv' });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const byFormat = await get(server, { query: COMMUNES, format: 'csv' });
    expect(byFormat.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(byFormat.text).toMatch(/^\uFEFF?code,name\r\n/);
  });

  it('runs a request asking for a trace on its own', async () => {
    const server = await start();
    const first = await post(server, { query: COMMUNES });
    await expectHot(server, () => get(server, { query: COMMUNES }), first);
    const traced = await expectExecuted(server, () => get(server, { query: COMMUNES }, { 'apollo-federation-include-trace': 'ftv1' }));
    expect(JSON.parse(traced.text).extensions?.ftv1).toEqual(expect.any(String));
  });

  it('never replays a mutation, however spelt, and still refuses one by GET', async () => {
    const server = await start();
    const headers = { 'x-datagouv-api-key': sandbox().credentials.datagouvApiKey };
    const mutation = example('create-dataset');
    const variables = { input: { title: 'Essai', description: 'Un jeu de données.' } };
    const first = await post(server, { query: mutation, variables }, headers);
    const respaced = await post(
      server,
      { query: mutation.replace(/\n\s*/g, '\n    '), variables: { ...variables }, operationName: null },
      headers,
    );
    const ids = [first, respaced].map((answer) => JSON.parse(answer.text).data.createDataset.id);
    expect(ids[0]).not.toBe(ids[1]);
    expect(respaced.headers.get('x-response-cache')).toBeNull();

    // A document holding a query and a mutation: its query is replayed, its mutation refused by GET.
    const both = `query Read { communes(search: "nantes", first: 1) { nodes { name } } }
      mutation Write { createDataset(input: { title: "x", description: "y" }) { id } }`;
    const read = await post(server, { query: both, operationName: 'Read' }, headers);
    await expectHot(server, () => get(server, { query: both, operationName: 'Read' }, headers), read);
    sandbox().controls.resetCounters();
    const write = await get(server, { query: both, operationName: 'Write' }, headers);
    expect(write.status).toBe(405);
    expect(sandbox().controls.count('datagouv')).toBe(0);
  });
});
