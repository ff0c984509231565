import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Connections } from '../../src/connections.js';
import { geography } from '../../src/geography/index.js';
import { connectionsFor } from '../helpers/connections.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { describeNeeding, redisServer } from '../helpers/system.js';
import { busiestWindow, useSandbox } from '../helpers/sandbox.js';

const run = promisify(execFile);
const sandbox = useSandbox({ inseeQuota: { limit: 5, windowMs: 1000 } });
let redis: TestRedis;
afterAll(async () => {
  await redis?.stop();
});

const opened: Connections[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
  await redis?.flush();
});
async function clients(env: Record<string, string> = {}): Promise<Connections> {
  const c = connectionsFor(sandbox(), { REDIS_URL: redis.url, ...env });
  opened.push(c);
  for (let i = 0; i < 100 && !c.redis!.isReady; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  return c;
}
const cube = (code: string) => ({ dataset: 'POPLEG2020', variables: ['IND_POPLEGALES'], level: 'COM' as const, code });

describeNeeding(redisServer, 'shared cache and quotas over a real Redis', () => {
  // Started here, not for the whole file: without redis-server the block is skipped or fails, alone.
  beforeAll(async () => {
    redis = await startRedis();
  });
  it('serves an answer cached by one replica to another without an upstream call', async () => {
    const [a, b] = [await clients(), await clients()];
    const first = await a.dataInclusion.structures({ codeCommune: '44109' }, { page: 1, size: 3 });
    const second = await b.dataInclusion.structures({ codeCommune: '44109' }, { page: 1, size: 3 });
    expect(second.value).toEqual(first.value);
    expect(sandbox().controls.count('data-inclusion')).toBe(1);
  });

  it('keeps two processes together under Insee’s rolling quota', async () => {
    const codes = geography()
      .communesOfDepartment('44')
      .filter((c) => c.kind === 'commune')
      .slice(0, 24)
      .map((c) => c.code);
    const env = {
      ...process.env,
      ...sandbox().env,
      REDIS_URL: redis.url,
      INSEE_RATE_LIMIT: '5/1s',
      QUOTA_MAX_WAIT_MS: '10000',
      LOG_LEVEL: 'silent',
    };
    const worker = (part: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'test/fixtures/insee-burst.ts', ...part], { env, timeout: 30_000 });
    const results = await Promise.all([worker(codes.slice(0, 12)), worker(codes.slice(12))]);
    for (const { stdout } of results) expect(JSON.parse(stdout)).toEqual({ ok: 12, failed: [] });
    const times = sandbox()
      .controls.requests('insee')
      .map((r) => r.at);
    expect(times).toHaveLength(24);
    // The sandbox enforces 5 per rolling second too: no request was refused, and none could be.
    expect(busiestWindow(times, 1000)).toBeLessThanOrEqual(5);
  }, 40_000);

  it('keeps serving from memory while Redis is down, and shares again once it is back', async () => {
    const c = await clients();
    await redis.pause();
    const during = await c.insee.cube(cube('44109'));
    expect(during.value).not.toBeNull();
    await c.insee.cube(cube('44109'));
    expect(sandbox().controls.count('insee')).toBe(1);
    await redis.resume();
    for (let i = 0; i < 200 && !c.redis!.isReady; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(c.redis!.isReady).toBe(true);
    await c.insee.cube(cube('44020'));
    const other = await clients();
    await other.insee.cube(cube('44020'));
    expect(sandbox().controls.count('insee')).toBe(2);
  }, 20_000);
});
