import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { describeNeeding, redisServer } from '../helpers/system.js';
import { useSandbox } from '../helpers/sandbox.js';
import { startServer, type TestServer } from '../helpers/server.js';

/*
 * The rate limit behind one Redis: two replicas (two servers in this process) count each
 * client in the same bucket; while Redis is away each counts alone and still answers.
 */
const sandbox = useSandbox();
let redis: TestRedis;
const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await redis?.flush();
});
afterAll(async () => {
  await redis?.stop();
});

async function replica(): Promise<TestServer> {
  const server = await startServer(sandbox(), { REDIS_URL: redis.url, RATE_LIMIT_PER_MINUTE: '3' });
  servers.push(server);
  // As a load balancer would, wait until it reaches Redis.
  for (let i = 0; i < 100 && (await fetch(`${server.url}/readyz`)).status !== 200; i++) await new Promise((r) => setTimeout(r, 50));
  return server;
}

const status = async (server: TestServer) => (await server.graphql('{ __typename }')).status;

describeNeeding(redisServer, 'rate limit with REDIS_URL', () => {
  // Started here, not for the whole file: without redis-server the block is skipped or fails, alone.
  beforeAll(async () => {
    redis = await startRedis();
  });
  it('is shared by replicas: a client’s requests to either count in one bucket', async () => {
    const [a, b] = await Promise.all([replica(), replica()]);
    expect([await status(a), await status(b), await status(a), await status(b), await status(a)]).toEqual([200, 200, 200, 429, 429]);
    // Under a key that names no client's API key.
    const client = (await import('redis')).createClient({ url: redis.url });
    await client.connect();
    const keys = await client.keys('inclusion-graph:rate-limit:*');
    await client.close();
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toMatch(/127\.0\.0\.1|ip:/);
  });

  it('while Redis is away, each replica counts alone and keeps answering', async () => {
    const [a, b] = await Promise.all([replica(), replica()]);
    await redis.pause();
    const statuses = [];
    try {
      for (let i = 0; i < 4; i++) statuses.push(await status(a), await status(b));
    } finally {
      // Back before the servers close (closing waits for Redis).
      await redis.resume();
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
  });
});
