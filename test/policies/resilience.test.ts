import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Connections } from '../../src/connections.js';
import { connectionsFor, failure } from '../helpers/connections.js';
import { busiestWindow, useSandbox } from '../helpers/sandbox.js';

const sandbox = useSandbox();
const opened: Connections[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(opened.splice(0).map((c) => c.close()));
});
function clients(env: Record<string, string> = {}): Connections {
  const c = connectionsFor(sandbox(), env);
  opened.push(c);
  return c;
}

const NANTES = { dataset: 'POPLEG2020', variables: ['IND_POPLEGALES'], level: 'COM' as const, code: '44109' };

describe('retries', () => {
  it('retries a 503 and succeeds, counting each attempt', async () => {
    const c = clients();
    sandbox().controls.addFault({ source: 'data-inclusion', kind: 'status', status: 503, times: 2 });
    const result = await c.dataInclusion.structures({ codeCommune: '44109' }, { page: 1, size: 5 });
    expect(result.value!.items.length).toBeGreaterThan(0);
    expect(sandbox().controls.count('data-inclusion')).toBe(3);
    expect((await c.metrics.registry.getSingleMetric('upstream_retries_total')!.get()).values[0]!.value).toBe(2);
  });

  it('honours Retry-After on a 429 before retrying', async () => {
    const c = clients();
    sandbox().controls.addFault({ source: 'lemarche', kind: 'rate-limit', retryAfter: 1, times: 1 });
    // got waits for Retry-After on a setTimeout: faked with Date, so that the wait costs no second,
    // while the sockets (and setImmediate, which lets them be read) stay real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const started = Date.now();
    let settled = false;
    const pending = c.lemarche.siaes({ department: '44' }, { limit: 5, offset: 0 }).finally(() => (settled = true));
    // The clock stands still until the 429 is served (the first attempt's timers keep their time),
    // then moves on in small steps until the retry reaches the sandbox.
    while (!settled && sandbox().controls.count('lemarche') < 2) {
      if (sandbox().controls.count('lemarche') === 1) await vi.advanceTimersByTimeAsync(10);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const result = await pending;
    expect(result.value!.results).toHaveLength(5);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(sandbox().controls.count('lemarche')).toBe(2);
  });

  it('fails as rate-limited without waiting when Retry-After is too long', async () => {
    const c = clients();
    sandbox().controls.addFault({ source: 'lemarche', kind: 'rate-limit', retryAfter: 3600 });
    const started = Date.now();
    expect((await failure(c.lemarche.siaes({}, { limit: 1, offset: 0 }))).code).toBe('UPSTREAM_RATE_LIMITED');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(sandbox().controls.count('lemarche')).toBe(1);
  });

  it('does not retry a 404 (null) or a 422 (bad input)', async () => {
    const c = clients();
    expect((await c.dataInclusion.structure('dora--does-not-exist')).value).toBeNull();
    expect(sandbox().controls.count('data-inclusion')).toBe(1);
    sandbox().controls.addFault({ source: 'data-inclusion', kind: 'status', status: 422 });
    const error = await failure(c.dataInclusion.services({ codeDepartement: '44' }, { page: 1, size: 1 }));
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', source: 'data-inclusion' });
    expect(sandbox().controls.count('data-inclusion')).toBe(2);
  });

  it('times out a hanging upstream, retrying once, then reports UPSTREAM_TIMEOUT', async () => {
    const c = clients({ INSERJEUNES_TIMEOUT_MS: '300', INSERJEUNES_RETRIES: '1' });
    sandbox().controls.addFault({ source: 'inserjeunes', kind: 'hang', path: '/api/' });
    const started = Date.now();
    const error = await failure(c.inserjeunes.certification('40025214'));
    expect(error).toMatchObject({ code: 'UPSTREAM_TIMEOUT', source: 'inserjeunes' });
    expect(Date.now() - started).toBeLessThan(3000);
    // The token, then the data call and its retry.
    expect(sandbox().controls.count('inserjeunes')).toBe(1 + 2);
  });

  it('reports a reset connection as UPSTREAM_UNAVAILABLE after its retries', async () => {
    const c = clients({ DATAGOUV_RETRIES: '1' });
    sandbox().controls.addFault({ source: 'datagouv', kind: 'reset' });
    expect(await failure(c.datagouv.dataset('anything'))).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', source: 'datagouv' });
    expect(sandbox().controls.count('datagouv')).toBe(2);
  });
});

describe('circuit breaker', () => {
  it('opens after repeated failures, fails fast without calling, then recovers after a probe', async () => {
    const c = clients({ INSEE_RETRIES: '0', BREAKER_MIN_REQUESTS: '3', BREAKER_RESET_MS: '400' });
    // The breaker (opossum) waits out its reset on setTimeout: a fake one passes it at once. The
    // calls before it end on their answers (no retry), so no timer of theirs needs to fire.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    sandbox().controls.addFault({ source: 'insee', kind: 'status', status: 500 });
    for (const code of ['44109', '44110', '44111']) {
      expect((await failure(c.insee.cube({ ...NANTES, code }))).code).toBe('UPSTREAM_UNAVAILABLE');
    }
    expect(c.policies.insee.breakerState).toBe('open');
    const callsWhenOpen = sandbox().controls.count('insee');
    const fast = await failure(c.insee.cube({ ...NANTES, code: '44112' }));
    expect(fast.message).toMatch(/circuit is open/);
    expect(sandbox().controls.count('insee')).toBe(callsWhenOpen);

    sandbox().controls.clearFaults();
    vi.advanceTimersByTime(500);
    vi.useRealTimers();
    const probe = await c.insee.cube({ ...NANTES, code: '44113' });
    expect(probe.value).not.toBeNull();
    expect(c.policies.insee.breakerState).toBe('closed');
    const metrics = await c.metrics.registry.metrics();
    expect(metrics).toMatch(/upstream_breaker_state\{source="insee"\} 0/);
  });

  it('does not count a missing or rejected credential against the source', async () => {
    const c = clients({ BREAKER_MIN_REQUESTS: '2', LEMARCHE_TOKEN: 'x'.repeat(64) });
    for (let i = 0; i < 4; i++)
      expect((await failure(c.lemarche.siaes({ department: String(10 + i) }, { limit: 1, offset: 0 }))).code).toBe('UPSTREAM_UNAUTHORIZED');
    expect(c.policies.lemarche.breakerState).toBe('closed');
  });

  it('does not count any other 4xx against the source: the upstream is working as designed', async () => {
    const c = clients({ BREAKER_MIN_REQUESTS: '2', LEMARCHE_RETRIES: '0' });
    sandbox().controls.addFault({ source: 'lemarche', kind: 'status', status: 409 });
    for (let i = 0; i < 6; i++)
      expect((await failure(c.lemarche.siaes({ department: String(10 + i) }, { limit: 1, offset: 0 }))).details.status).toBe(409);
    expect(c.policies.lemarche.breakerState).toBe('closed');
    sandbox().controls.clearFaults();
    expect((await c.lemarche.siaes({ department: '44' }, { limit: 1, offset: 0 })).value).not.toBeNull();
  });
});

describe('cache', () => {
  it('answers a repeated request from cache, without an upstream call', async () => {
    const c = clients();
    const first = await c.insee.cube(NANTES);
    const second = await c.insee.cube(NANTES);
    expect(second.value).toEqual(first.value);
    expect(sandbox().controls.count('insee')).toBe(1);
  });

  it('serves an expired answer, flagged stale, when the upstream fails', async () => {
    const c = clients({ DATAGOUV_CACHE_TTL_S: '1', DATAGOUV_RETRIES: '0' });
    // Freshness is read on Date: a fake one (timers stay real, for the sockets) outlives the second at once.
    vi.useFakeTimers({ toFake: ['Date'] });
    const fresh = await c.datagouv.datasets({ geozone: 'fr:commune:44109' }, { page: 1, pageSize: 3 });
    vi.advanceTimersByTime(1100);
    sandbox().controls.addFault({ source: 'datagouv', kind: 'status', status: 502 });
    const stale = await c.datagouv.datasets({ geozone: 'fr:commune:44109' }, { page: 1, pageSize: 3 });
    expect(stale.stale).toBe(true);
    expect(stale.value).toEqual(fresh.value);
    expect(stale.storedAt).toBe(fresh.storedAt);
    expect(await c.metrics.registry.metrics()).toMatch(/upstream_cache_total\{source="datagouv",result="stale"\} 1/);
  });

  it('makes one upstream call for 100 concurrent identical cold requests', async () => {
    const c = clients();
    sandbox().controls.setLatency('data-inclusion', 50);
    const results = await Promise.all(
      Array.from({ length: 100 }, () => c.dataInclusion.searchServices('44109', { thematiques: ['numerique'] }, { page: 1, size: 10 })),
    );
    expect(new Set(results.map((r) => JSON.stringify(r.value))).size).toBe(1);
    expect(sandbox().controls.count('data-inclusion')).toBe(1);
  });
});

describe('quota', () => {
  it('keeps Insee under its rolling-window quota through a burst, waiting for slots', async () => {
    const c = clients({ INSEE_RATE_LIMIT: '5/500ms', QUOTA_MAX_WAIT_MS: '5000' });
    const codes = ['44109', '44020', '44184', '44162', '44143', '44035', '44047', '44190', '44026', '44114', '44150', '44072'];
    const results = await Promise.all(codes.map((code) => c.insee.cube({ ...NANTES, code })));
    expect(results.every((r) => r.value !== null)).toBe(true);
    const times = sandbox()
      .controls.requests('insee')
      .map((r) => r.at);
    expect(times).toHaveLength(codes.length);
    expect(busiestWindow(times, 500)).toBeLessThanOrEqual(5);
  });

  it('reports UPSTREAM_RATE_LIMITED when the quota is spent and no cached answer exists', async () => {
    const c = clients({ INSEE_RATE_LIMIT: '3/60s', QUOTA_MAX_WAIT_MS: '100' });
    const outcomes = await Promise.allSettled(
      ['44109', '44020', '44184', '44162', '44143'].map((code) => c.insee.cube({ ...NANTES, code })),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(3);
    for (const o of outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected'))
      expect(o.reason).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', source: 'insee' });
    expect(sandbox().controls.count('insee')).toBe(3);
    // A cached answer still serves.
    expect((await c.insee.cube(NANTES)).value).not.toBeNull();
  });
});

describe('contract enforcement', () => {
  it('turns malformed or off-contract bodies from every source into UPSTREAM_INVALID_RESPONSE, and keeps serving', async () => {
    const c = clients({ INSEE_RETRIES: '0' });
    const calls: [string, () => Promise<unknown>][] = [
      ['insee', () => c.insee.cube(NANTES)],
      ['data-inclusion', () => c.dataInclusion.structures({ codeDepartement: '44' }, { page: 1, size: 2 })],
      ['lemarche', () => c.lemarche.siaesBySiret('12345678901234')],
      ['inserjeunes', () => c.inserjeunes.certification('40025214')],
      ['datagouv', () => c.datagouv.dataset('budget')],
    ];
    for (const kind of ['malformed-json', 'off-contract'] as const) {
      for (const [source, call] of calls) {
        // Data routes only: InserJeunes's token endpoint has its own tests.
        sandbox().controls.addFault({ source: source as never, kind, times: 1, path: '^/(?!auth/token)' });
        expect(await failure(call())).toMatchObject({ code: 'UPSTREAM_INVALID_RESPONSE', source });
      }
    }
    // The failures were not cached: the same calls now succeed.
    await c.insee.cube(NANTES);
    await c.inserjeunes.certification('40025214');
  });

  it('refuses to call a source without its credential, and maps a rejected one', async () => {
    const c = clients({ DATA_INCLUSION_TOKEN: 'not-a-valid-token' });
    expect(await failure(c.dataInclusion.structures({}, { page: 1, size: 1 }))).toMatchObject({
      code: 'UPSTREAM_UNAUTHORIZED',
      source: 'data-inclusion',
    });
    expect(sandbox().controls.count('data-inclusion')).toBe(1);
  });
});
