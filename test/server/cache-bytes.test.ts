import { describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/sandbox.js';
import { serversPerTest, type TestServer } from '../helpers/server.js';

/*
 * Issue 23, point 3: the hot layer and the in-memory response cache are bounded by the bytes of
 * the answers they hold, not only by their count (a thousand answers of megabytes each would hold
 * gigabytes). Filled with large answers, each keeps under its bound and lets the oldest go.
 */
const sandbox = useSandbox();
const start = serversPerTest(sandbox);

/** About 70 kB of JSON: ten copies of a page of 100 communes, from the embedded geography (cacheable a day). */
const LARGE = `query Large($after: String) { ${Array.from(
  { length: 10 },
  (_, i) => `p${i}: communes(first: 100, after: $after) { nodes { code name population department { code name } } }`,
).join(' ')} }`;
/** The cursor of the n-th page (offset cursors: `offset:<n>`). */
const after = (page: number) => Buffer.from(`offset:${page * 100}`).toString('base64');

async function ask(server: TestServer, page: number): Promise<{ cache: string | null; bytes: number }> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: LARGE, variables: { after: after(page) } }),
  });
  expect(response.status).toBe(200);
  const text = await response.text();
  expect(JSON.parse(text).errors).toBeUndefined();
  return { cache: response.headers.get('x-response-cache'), bytes: text.length };
}

/** A metric's value, summed over its labels. /metrics is rendered at most once a second: the test moves its clock on for a new rendering. */
async function metric(server: TestServer, name: string): Promise<number> {
  server.advanceMetricsClock(1100);
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const lines = text.split('\n').filter((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  if (lines.length === 0) throw new Error(`no ${name} in /metrics`);
  return lines.reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

const PAGES = 20;
const BOUND_MB = 1;

describe('answers held in memory', () => {
  it('keep the hot layer under HOT_RESPONSES_MAX_MB: the oldest answers leave it', async () => {
    const server = await start({ HOT_RESPONSES_MAX_MB: String(BOUND_MB) });
    const first = await ask(server, 0);
    expect(first.bytes).toBeGreaterThan(50_000);
    expect((await ask(server, 0)).cache).toBe('hit');
    for (let page = 1; page < PAGES; page++) await ask(server, page);
    // The first answer left the hot layer: Apollo's response cache (unbounded here) answers it.
    const lookups = await metric(server, 'graphql_response_cache_total');
    expect((await ask(server, 0)).cache).toBe('hit');
    expect(await metric(server, 'graphql_response_cache_total')).toBe(lookups + 1);
    // The latest is still hot: no look-up.
    await ask(server, PAGES - 1);
    expect(await metric(server, 'graphql_response_cache_total')).toBe(lookups + 1);
    const held = await metric(server, 'graphql_hot_responses_bytes');
    expect(held).toBeLessThanOrEqual(BOUND_MB * 2 ** 20);
    expect(held).toBeGreaterThan(0);
  });

  it('keep the in-memory response cache under RESPONSE_CACHE_MAX_MB: the oldest answers leave it', async () => {
    // A hot layer too small for one of these answers: every request reaches the response cache.
    const server = await start({ RESPONSE_CACHE_MAX_MB: String(BOUND_MB), HOT_RESPONSES_MAX_MB: '0.01' });
    await ask(server, 0);
    expect((await ask(server, 0)).cache).toBe('hit');
    for (let page = 1; page < PAGES; page++) await ask(server, page);
    expect((await ask(server, 0)).cache).toBe('miss');
    expect((await ask(server, PAGES - 1)).cache).toBe('hit');
    const held = await metric(server, 'graphql_response_cache_bytes');
    expect(held).toBeLessThanOrEqual(BOUND_MB * 2 ** 20);
    expect(held).toBeGreaterThan(0);
  });
});
