import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { geography } from '../../src/geography/index.js';
import { startServerProcess, type ServerProcess } from '../helpers/process.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { describeNeeding, redisServer } from '../helpers/system.js';
import { busiestWindow, useSandbox } from '../helpers/sandbox.js';

/*
 * Several replicas of the real server (child processes running `npm start`'s command) behind
 * one Redis and one sandbox, as in production behind a load balancer.
 */
const sandbox = useSandbox({ inseeQuota: { limit: 5, windowMs: 1000 } });
let redis: TestRedis;
const replicas: ServerProcess[] = [];
afterEach(async () => {
  await Promise.all(replicas.splice(0).map((r) => r.stop('SIGKILL')));
  await redis?.flush();
});
afterAll(async () => {
  await redis?.stop();
});

async function replica(env: Record<string, string> = {}): Promise<ServerProcess> {
  const started = await startServerProcess({
    UPSTREAMS: 'live',
    ...sandbox().env,
    REDIS_URL: redis.url,
    INSEE_RATE_LIMIT: '5/1s',
    QUOTA_MAX_WAIT_MS: '10000',
    ...env,
  });
  replicas.push(started);
  // Wait for Redis to be shared before sending traffic, as a load balancer waits for /readyz.
  for (let i = 0; i < 100; i++) {
    if ((await fetch(`${started.url}/readyz`)).status === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return started;
}

async function graphql(url: string, query: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: await response.json() };
}

const dashboard = (code: string) =>
  `{ commune(code: "${code}") { name stats { legalPopulation { total } } structures(first: 3) { totalCount } datasets(first: 2) { totalCount } } }`;

describeNeeding(redisServer, 'replicas sharing one Redis', () => {
  // Started here, not for the whole file: without redis-server the block is skipped or fails, alone.
  beforeAll(async () => {
    redis = await startRedis();
  });
  it('serve each other’s cached answers without an upstream call', async () => {
    const [a, b] = await Promise.all([replica(), replica()]);
    const first = await graphql(a.url, dashboard('44109'));
    expect(first.body.errors).toBeUndefined();
    const calls = sandbox().controls.count();
    expect(calls).toBeGreaterThan(0);
    const second = await graphql(b.url, dashboard('44109'));
    expect(second.body).toEqual(first.body);
    expect(sandbox().controls.count()).toBe(calls);
  }, 60_000);

  it('together never exceed Insee’s quota in any rolling window', async () => {
    const [a, b] = await Promise.all([replica(), replica()]);
    const codes = geography()
      .communesOfDepartment('35')
      .filter((c) => c.kind === 'commune')
      .slice(0, 16)
      .map((c) => c.code);
    const answers = await Promise.all(
      // A Données locales cube per commune: one Insee call each (the legal population is Melodi's, by department).
      codes.map((code, i) =>
        graphql(
          i % 2 ? a.url : b.url,
          `{ commune(code: "${code}") { stats { cube(dataset: "POPLEG2020", variables: ["IND_POPLEGALES"]) { year } } } }`,
        ),
      ),
    );
    expect(answers.every((r) => r.body.errors === undefined)).toBe(true);
    const requests = sandbox().controls.requests('insee');
    // Each commune asked (a retry on a loaded machine may ask one twice: it takes a slot too).
    expect(new Set(requests.map((r) => r.path)).size).toBe(16);
    expect(
      busiestWindow(
        requests.map((r) => r.at),
        1000,
      ),
    ).toBeLessThanOrEqual(5);
  }, 60_000);

  it('lose no request when one replica stops mid-load: the other serves, in-flight requests finish', async () => {
    const [a, b] = await Promise.all([replica(), replica()]);
    sandbox().controls.setLatency('data-inclusion', 100);
    const codes = geography()
      .communesOfDepartment('44')
      .filter((c) => c.kind === 'commune')
      .slice(0, 40)
      .map((c) => c.code);
    let aStopped = false;
    // A load balancer's behaviour: round robin, and a refused connection is retried elsewhere.
    const send = async (code: string, i: number) => {
      const target = i % 2 === 0 && !aStopped ? a : b;
      try {
        return await graphql(target.url, `{ commune(code: "${code}") { name structures(first: 1) { totalCount } } }`);
      } catch {
        return graphql(b.url, `{ commune(code: "${code}") { name structures(first: 1) { totalCount } } }`);
      }
    };
    const inFlight = codes.map((code, i) => new Promise((resolve) => setTimeout(resolve, i * 20)).then(() => send(code, i)));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stopped = a.stop('SIGTERM').then((code) => {
      aStopped = true;
      return code;
    });
    const answers = await Promise.all(inFlight);
    expect(await stopped).toBe(0);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data.commune.structures.totalCount).not.toBeNull();
    }
  }, 60_000);

  it('keep serving when Redis goes away, say so once and in /readyz, and share again when it returns', async () => {
    const a = await replica();
    await redis.pause();
    for (let i = 0; i < 40 && (await fetch(`${a.url}/readyz`)).status === 200; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    const readiness = await fetch(`${a.url}/readyz`);
    expect(readiness.status).toBe(503);
    expect(((await readiness.json()) as { cache: string }).cache).toBe('redis-unreachable');
    const during = await graphql(a.url, dashboard('44020'));
    expect(during.body.errors).toBeUndefined();
    expect(during.body.data.commune.name).toBe(geography().commune('44020')!.name);
    await graphql(a.url, dashboard('44026'));
    await redis.resume();
    let ready = false;
    for (let i = 0; i < 200 && !ready; i++) {
      ready = (await fetch(`${a.url}/readyz`)).status === 200;
      if (!ready) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(ready).toBe(true);
    expect(await a.logged(/Redis is unreachable/)).toHaveLength(1);
    expect(await a.logged(/Redis is reachable again/)).toHaveLength(1);
    // Shared again: what one replica caches now, another finds.
    await graphql(a.url, dashboard('44109'));
    const calls = sandbox().controls.count();
    const b = await replica();
    await graphql(b.url, dashboard('44109'));
    expect(sandbox().controls.count()).toBe(calls);
  }, 60_000);
});
