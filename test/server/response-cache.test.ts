import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { describeNeeding, redisServer } from '../helpers/system.js';
import { useSandbox } from '../helpers/sandbox.js';
import { example, serversPerTest, untilSharedResponseWritten, type TestServer } from '../helpers/server.js';

const sandbox = useSandbox();
const start = serversPerTest(sandbox);

async function post(server: TestServer, name: string, variables: Record<string, unknown>) {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: example(name), variables }),
  });
  return { response, body: (await response.json()) as any };
}

describe('whole-response cache', () => {
  it('answers an identical query without executing it: no upstream call, flagged with its age', async () => {
    const server = await start();
    const first = await post(server, 'commune-dashboard', { code: '44109' });
    expect(first.response.headers.get('x-response-cache')).toBe('miss');
    sandbox().controls.resetCounters();
    // The same document, spaced differently, is the same entry.
    const respaced = example('commune-dashboard').replace(/\n\s*/g, '\n      ');
    const second = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: respaced, variables: { code: '44109' } }),
    });
    expect(second.headers.get('x-response-cache')).toBe('hit');
    expect(Number(second.headers.get('age'))).toBeGreaterThanOrEqual(0);
    expect(await second.json()).toEqual(first.body);
    expect(sandbox().controls.count()).toBe(0);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    // The respaced request is replayed by the hot layer (hot-equivalence.test.ts): Apollo ran once.
    expect(metrics).toMatch(/graphql_response_cache_total\{result="miss"\} 1/);
    expect(metrics).not.toMatch(/graphql_response_cache_total\{result="hit"\}/);
  });

  it('lives no longer than the shortest-lived source it used', async () => {
    const server = await start({ DATAGOUV_CACHE_TTL_S: '2' });
    // Every layer (source cache, hot layer, response cache and its store) reads lifetimes on Date:
    // a fake one (timers stay real, for the sockets) passes the two seconds at once.
    vi.useFakeTimers({ toFake: ['Date'] });
    await post(server, 'datasets-of-commune', { commune: '44109', query: 'budget' });
    expect(
      (await post(server, 'datasets-of-commune', { commune: '44109', query: 'budget' })).response.headers.get('x-response-cache'),
    ).toBe('hit');
    vi.advanceTimersByTime(2100);
    sandbox().controls.resetCounters();
    const expired = await post(server, 'datasets-of-commune', { commune: '44109', query: 'budget' });
    expect(expired.response.headers.get('x-response-cache')).toBe('miss');
    expect(sandbox().controls.count('datagouv')).toBe(1);
  });

  it('executes a burst of identical cold queries once; the others get its answer', async () => {
    const server = await start();
    sandbox().controls.setLatency('datagouv', 100);
    const burst = await Promise.all(Array.from({ length: 20 }, () => post(server, 'commune-dashboard', { code: '35238' })));
    const verdicts = burst.map((r) => r.response.headers.get('x-response-cache'));
    expect(verdicts.filter((v) => v === 'miss')).toHaveLength(1);
    expect(verdicts.filter((v) => v === 'hit')).toHaveLength(19);
    for (const { body } of burst) expect(body).toEqual(burst[0]!.body);
    expect(burst[0]!.body.errors).toBeUndefined();
  });

  it('lets a burst execute each in turn when the first answer is not cacheable', async () => {
    const server = await start({ INSERJEUNES_RETRIES: '0' });
    sandbox().controls.setLatency('inserjeunes', 100);
    sandbox().controls.addFault({ source: 'inserjeunes', kind: 'status', status: 503, times: 1, path: '/api/inserjeunes/' });
    const burst = await Promise.all(
      Array.from({ length: 5 }, () => post(server, 'formation-outcomes', { code: '40025214', region: '52' })),
    );
    // The first got the failure and was not kept; the others did not inherit it.
    expect(burst.filter((r) => r.body.errors !== undefined)).toHaveLength(1);
    expect(burst.filter((r) => r.body.errors === undefined).length).toBe(4);
  });

  it('never keeps an answer with errors', async () => {
    const server = await start({ INSERJEUNES_RETRIES: '0' });
    sandbox().controls.addFault({ source: 'inserjeunes', kind: 'status', status: 503, times: 1, path: '/api/inserjeunes/' });
    const failed = await post(server, 'formation-outcomes', { code: '40025214', region: '52' });
    expect(failed.body.errors).toBeDefined();
    const again = await post(server, 'formation-outcomes', { code: '40025214', region: '52' });
    expect(again.response.headers.get('x-response-cache')).toBe('miss');
    expect(again.body.errors).toBeUndefined();
  });

  it('gives GET queries Cache-Control and an ETag, and 304 to a matching If-None-Match', async () => {
    const server = await start();
    const url = `${server.url}/graphql?query=${encodeURIComponent('{ commune(code: "2A004") { name population } }')}`;
    const headers = { 'apollo-require-preflight': 'true' };
    const first = await fetch(url, { headers });
    expect(first.headers.get('cache-control')).toBe('max-age=86400, public');
    const etag = first.headers.get('etag')!;
    expect(etag).toBeTruthy();
    const revalidated = await fetch(url, { headers: { ...headers, 'if-none-match': etag } });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe('');
    // Upstream data shorten the lifetime to their source's freshness.
    const withDatasets = await fetch(
      `${server.url}/graphql?query=${encodeURIComponent('{ commune(code: "2A004") { datasets(first: 1) { totalCount } } }')}`,
      { headers },
    );
    const maxAge = Number(/max-age=(\d+)/.exec(withDatasets.headers.get('cache-control') ?? '')?.[1]);
    expect(maxAge).toBeGreaterThan(3000);
    expect(maxAge).toBeLessThanOrEqual(3600);
  });

  it('answers a POST whole, whatever its If-None-Match (304 is for GET and HEAD), and still tags it', async () => {
    const server = await start();
    const query = '{ commune(code: "2A004") { name population } }';
    const first = await post(server, 'commune-dashboard', { code: '2A004' });
    const etag = first.response.headers.get('etag')!;
    expect(etag).toBeTruthy();
    // The same POST again, replayed by the hot layer, with the ETag its client kept.
    const again = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'if-none-match': etag },
      body: JSON.stringify({ query: example('commune-dashboard'), variables: { code: '2A004' } }),
    });
    expect(again.status).toBe(200);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.json()).toEqual(first.body);
    // A GET of a query still revalidates with its ETag, and a POST of the same query does not.
    const url = `${server.url}/graphql?query=${encodeURIComponent(query)}`;
    const headers = { 'apollo-require-preflight': 'true' };
    const tagged = (await fetch(url, { headers })).headers.get('etag')!;
    expect((await fetch(url, { headers: { ...headers, 'if-none-match': tagged } })).status).toBe(304);
    const posted = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'if-none-match': tagged },
      body: JSON.stringify({ query }),
    });
    expect(posted.status).toBe(200);
    expect(posted.headers.get('etag')).toBe(tagged);
    expect(((await posted.json()) as any).data.commune.name).toBeTruthy();
  });

  describeNeeding(redisServer, 'shared by replicas through Redis', () => {
    let redis: TestRedis;
    beforeAll(async () => {
      redis = await startRedis();
    });
    afterAll(async () => {
      await redis?.stop();
    });

    it('serves one replica’s cached response from another', async () => {
      const a = await start({ REDIS_URL: redis.url });
      const b = await start({ REDIS_URL: redis.url });
      for (let i = 0; i < 100 && !(a.connections.redis!.isReady && b.connections.redis!.isReady); i++)
        await new Promise((resolve) => setTimeout(resolve, 20));
      await post(a, 'structures-of-department', { department: '2A' });
      await untilSharedResponseWritten(a);
      sandbox().controls.resetCounters();
      const other = await post(b, 'structures-of-department', { department: '2A' });
      expect(other.response.headers.get('x-response-cache')).toBe('hit');
      expect(sandbox().controls.count()).toBe(0);
    });
  });

  it('never marks a mutation cacheable, for itself or for HTTP caches', async () => {
    const server = await start();
    const headers = { 'content-type': 'application/json', 'x-datagouv-api-key': sandbox().credentials.datagouvApiKey };
    const body = JSON.stringify({
      query: example('create-dataset'),
      variables: { input: { title: 'Essai', description: 'Un jeu de données.' } },
    });
    const first = await fetch(`${server.url}/graphql`, { method: 'POST', headers, body });
    expect(first.headers.get('cache-control')).toBe('no-store');
    const second = await fetch(`${server.url}/graphql`, { method: 'POST', headers, body });
    expect(((await second.json()) as any).data.createDataset.id).not.toBe(((await first.json()) as any).data.createDataset.id);
  });

  it('neither looks up nor keeps a query that reads no data; geography-only answers live a day', async () => {
    const server = await start();
    const ask = (query: string) =>
      fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    for (const query of [
      '{ __typename }',
      '{ __schema { queryType { name } } }',
      '{ __typename commune(code: "44109") @include(if: false) { name } }',
    ]) {
      for (let i = 0; i < 2; i++) {
        const response = await ask(query);
        expect(response.status, query).toBe(200);
        expect(response.headers.get('cache-control'), query).toBe('no-store');
        expect(response.headers.get('x-response-cache'), query).toBeNull();
      }
    }
    const lookups = await server.connections.metrics.registry.getSingleMetricAsString('graphql_response_cache_total');
    expect(lookups).not.toMatch(/graphql_response_cache_total\{/);
    // A field of the embedded geography: cacheable for the geography's day, as Apollo's own
    // cache-control plugin said with its default lifetime.
    const geography = await ask('{ commune(code: "44109") { name } }');
    expect(geography.headers.get('cache-control')).toBe('max-age=86400, public');
    expect(geography.headers.get('x-response-cache')).toBe('miss');
  });

  it('can be switched off', async () => {
    const server = await start({ RESPONSE_CACHE: 'false' });
    await post(server, 'communes-search', { search: 'nantes' });
    expect((await post(server, 'communes-search', { search: 'nantes' })).response.headers.get('x-response-cache')).toBeNull();
  });
});
