import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { httpError } from '../../test/helpers/fake-got.js';
import { SourceCache } from './cache.js';
import { fixedCredential } from './credential.js';
import { UpstreamMetrics } from './metrics.js';
import { MemoryQuota } from './quota.js';
import { UpstreamBudget, type RequestScope } from './request-context.js';
import { SourcePolicies, type SourceDependencies } from './source.js';
import type { TransportRequest, TransportResponse } from './transport.js';

const schema = z.object({ name: z.string() });
const limits = { insee: 100, melodi: 100, 'data-inclusion': 100, lemarche: 100, datagouv: 100, inserjeunes: 100 };

/** A transport standing for got: it takes its turn as got's hook would, then answers as told. */
function fakeTransport(answer: (request: TransportRequest) => TransportResponse | Error) {
  const sent: TransportRequest[] = [];
  const send = async (request: TransportRequest) => {
    sent.push(request);
    await request.beforeSend();
    const result = answer(request);
    if (result instanceof Error) throw result;
    return result;
  };
  return { sent, transport: { send, close: () => {} } };
}

let source: SourcePolicies | undefined;
function sourceOver(transport: SourceDependencies['transport'], overrides: Partial<SourceDependencies> = {}) {
  source = new SourcePolicies('datagouv', {
    origin: 'http://upstream.test',
    settings: { timeoutMs: 1000, retries: 2, quota: { limit: 100, windowMs: 1000 }, concurrency: 2, cacheTtlS: 60 },
    credential: fixedCredential({ 'x-api-key': 'operator-key' }),
    cache: new SourceCache(60, 3600, { namespace: 'test', maxEntries: 100, onStoreError: () => {} }),
    quota: new MemoryQuota(100, 1000),
    quotaMaxWaitMs: 2000,
    breaker: { errorThresholdPercentage: 50, volumeThreshold: 3, resetTimeout: 30_000 },
    metrics: new UpstreamMetrics(),
    logger: pino({ level: 'silent' }),
    transport,
    ...overrides,
  });
  return source;
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  source?.shutdown();
  source = undefined;
  vi.useRealTimers();
});

const scope = (requestId: string): RequestScope => ({ requestId, client: 'client-a', upstreamBudget: new UpstreamBudget(limits) });

describe('SourcePolicies, its policies composed over a transport', () => {
  it('reads once, validated, then answers from its cache; the call carries the request’s id, its credential only where the route needs it', async () => {
    const { sent, transport } = fakeTransport(() => ({ statusCode: 200, body: '{"name":"a","extra":1}' }));
    const calls = sourceOver(transport).for(scope('req-1'));
    const first = await calls.get({ path: '/datasets/a', query: [['page', '2']], authenticated: false }, schema);
    const again = await calls.get({ path: '/datasets/a', query: [['page', '2']], authenticated: false }, schema);
    expect(first).toEqual({ value: { name: 'a' }, stale: false, storedAt: 1_000_000 });
    expect(again).toEqual(first);
    await calls.get({ path: '/me', authenticated: true }, schema);
    expect(sent.map(({ path, headers, requestId, retry }) => ({ path, headers, requestId, retries: retry !== 'none' }))).toEqual([
      { path: '/datasets/a?page=2', headers: {}, requestId: 'req-1', retries: true },
      { path: '/me', headers: { 'x-api-key': 'operator-key' }, requestId: 'req-1', retries: true },
    ]);
  });

  it('makes no call for a route that needs a credential none configured', async () => {
    const { sent, transport } = fakeTransport(() => ({ statusCode: 200, body: '{}' }));
    const calls = sourceOver(transport, { credential: undefined }).for(undefined);
    await expect(calls.get({ path: '/me', authenticated: true }, schema)).rejects.toMatchObject({ code: 'UPSTREAM_UNAUTHORIZED' });
    expect(sent).toHaveLength(0);
  });

  it('answers null for a resource that is not there, and caches it', async () => {
    const { sent, transport } = fakeTransport(() => httpError(404, '{"message":"not found"}'));
    const calls = sourceOver(transport).for(undefined);
    expect((await calls.get({ path: '/datasets/x', authenticated: false }, schema)).value).toBeNull();
    expect((await calls.get({ path: '/datasets/x', authenticated: false }, schema)).value).toBeNull();
    expect(sent).toHaveLength(1);
  });

  it('opens its breaker after failures, then answers what it has cached, marked stale, without calling', async () => {
    let down = false;
    const { sent, transport } = fakeTransport((request) =>
      down ? httpError(503) : { statusCode: 200, body: JSON.stringify({ name: request.path }) },
    );
    const calls = sourceOver(transport).for(undefined);
    await calls.get({ path: '/kept', authenticated: false }, schema);
    vi.advanceTimersByTime(61_000);
    down = true;
    for (const path of ['/a', '/b', '/c']) {
      await expect(calls.get({ path, authenticated: false }, schema)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    }
    expect(source!.breakerState).toBe('open');
    const before = sent.length;
    expect(await calls.get({ path: '/kept', authenticated: false }, schema)).toEqual({
      value: { name: '/kept' },
      stale: true,
      storedAt: 1_000_000,
    });
    expect(sent).toHaveLength(before);
  });

  it('counts reads and writes against the request’s budget, and refuses the one past it before it goes', async () => {
    const { sent, transport } = fakeTransport(() => ({ statusCode: 200, body: '{"name":"a"}' }));
    const budget = new UpstreamBudget({ ...limits, datagouv: 2 });
    const calls = sourceOver(transport).for({ requestId: 'r', upstreamBudget: budget });
    await calls.get({ path: '/a', authenticated: false }, schema);
    await calls.send('PUT', '/datasets/a', { title: 't' }, { 'x-api-key': 'caller-key' }, schema);
    await expect(calls.get({ path: '/b', authenticated: false }, schema)).rejects.toMatchObject({ code: 'UPSTREAM_RATE_LIMITED' });
    expect(sent).toHaveLength(2);
  });

  it('sends a write once, with the caller’s key, never retried nor followed, never cached', async () => {
    const { sent, transport } = fakeTransport(() => ({ statusCode: 200, body: '{"name":"saved"}' }));
    const calls = sourceOver(transport).for(scope('req-2'));
    const body = { title: 't' };
    expect(await calls.send('PUT', '/datasets/a', body, { 'x-api-key': 'caller-key' }, schema)).toEqual({ name: 'saved' });
    await calls.send('PUT', '/datasets/a', body, { 'x-api-key': 'caller-key' }, schema);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatchObject({ method: 'PUT', json: body, headers: { 'x-api-key': 'caller-key' }, requestId: 'req-2', retry: 'none' });
  });

  it('refuses a write answered by a redirect', async () => {
    const { transport } = fakeTransport(() => ({ statusCode: 307, body: '' }));
    const calls = sourceOver(transport).for(undefined);
    await expect(calls.send('POST', '/datasets', {}, {}, schema)).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      message: expect.stringMatching(/writes never follow redirects/),
    });
  });
});
