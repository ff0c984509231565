import { afterAll, beforeAll, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { describeNeeding, redisServer } from '../helpers/system.js';
import { useSandbox } from '../helpers/sandbox.js';
import { startServer, type TestServer } from '../helpers/server.js';

/*
 * Issue 23, point 6: a Redis that hangs (SIGSTOP: its connections stay open, nothing answers) must
 * not hold every request while /readyz says ready. Each Redis command has a timeout and an
 * in-process fallback, and readiness reports the hang.
 */
const sandbox = useSandbox();
let redis: TestRedis;
let server: TestServer | undefined;
afterAll(async () => {
  // Whatever happened, the frozen server goes on, then stops.
  redis?.thaw();
  await server?.close();
  await redis?.stop();
});

/** A request that must be answered within a generous bound (a hang fails it rather than the whole run). */
const BOUND_MS = 2000;
const bounded = (url: string, init: RequestInit = {}) => fetch(url, { ...init, signal: AbortSignal.timeout(BOUND_MS) });
const query = (url: string, text: string) =>
  bounded(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: text }) });
const readiness = async (url: string) => {
  const response = await bounded(`${url}/readyz`);
  return { status: response.status, body: (await response.json()) as { status: string; cache: string } };
};

describeNeeding(redisServer, 'a Redis that hangs', () => {
  // Started here, not for the whole file: without redis-server the block is skipped or fails, alone.
  beforeAll(async () => {
    redis = await startRedis();
  });
  it('holds no request: queries and probes are answered meanwhile, /readyz says so, and all is shared again once it answers', async () => {
    server = await startServer(sandbox(), { REDIS_URL: redis.url });
    const { url } = server;
    for (let i = 0; i < 100 && (await readiness(url)).status !== 200; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await readiness(url)).body).toMatchObject({ status: 'ready', cache: 'redis' });
    expect((await query(url, '{ commune(code: "44109") { name } }')).status).toBe(200);

    redis.freeze();
    // Queries never asked before (no in-process answer to replay), one of them reading an upstream
    // (its cache and quota are in Redis).
    const plain = await query(url, '{ commune(code: "35238") { name } }');
    expect(plain.status).toBe(200);
    expect(await plain.json()).toEqual({ data: { commune: { name: 'Rennes' } } });
    const upstream = await query(url, '{ commune(code: "44020") { name datasets(first: 1) { totalCount } } }');
    expect(upstream.status).toBe(200);
    expect(((await upstream.json()) as any).data.commune.datasets.totalCount).toBeGreaterThanOrEqual(0);
    expect((await bounded(`${url}/healthz`)).status).toBe(200);
    const hung = await readiness(url);
    expect(hung.status).toBe(503);
    expect(hung.body).toMatchObject({ status: 'degraded', cache: 'redis-unresponsive' });

    redis.thaw();
    let back = await readiness(url);
    for (let i = 0; i < 100 && back.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 50));
      back = await readiness(url);
    }
    expect(back.body).toMatchObject({ status: 'ready', cache: 'redis' });
    expect((await query(url, '{ commune(code: "69123") { name } }')).status).toBe(200);
  }, 60_000);
});
