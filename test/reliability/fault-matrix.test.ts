import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FaultRule } from '../../sandbox/index.js';
import { SOURCE_NAMES, type SourceName } from '../../src/sources/names.js';
import { SOURCES } from '../../src/sources/registry.js';
import { useSandbox } from '../helpers/sandbox.js';
import { example, startServer, type TestServer } from '../helpers/server.js';

/*
 * Every source, every fault: the commune dashboard answers HTTP 200 with full data for every
 * unaffected source and the documented error code and source on the affected fields, and the
 * process neither crashes nor leaves a rejection unhandled.
 */
// Insee's own quota is tested elsewhere; here it must not add its 429s to the faults under test.
const sandbox = useSandbox({ inseeQuota: { limit: 100_000, windowMs: 60_000 } });
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
process.on('unhandledRejection', onUnhandled);
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});

// The simulators compute a zone's figures the first time they are asked, in this process: the
// dashboard is asked once before the matrix, with the default timeouts, so that no fault's
// attempt (400 ms here) also carries that one-off work on a loaded machine.
beforeAll(async () => {
  const warm = await startServer(sandbox());
  try {
    expect((await warm.graphql(example('commune-dashboard'), { code: '44109' })).body.errors).toBeUndefined();
  } finally {
    await warm.close();
  }
});

let server: TestServer;
beforeEach(async () => {
  const env = Object.fromEntries(
    SOURCE_NAMES.flatMap((s) => [
      [`${SOURCES[s].envPrefix}_RETRIES`, '1'],
      [`${SOURCES[s].envPrefix}_TIMEOUT_MS`, '400'],
    ]),
  );
  server = await startServer(sandbox(), { ...env, BREAKER_MIN_REQUESTS: '1000' });
});
afterEach(async () => {
  await server.close();
  expect(unhandled).toEqual([]);
});

/** Dashboard fields each source feeds. */
const FED_BY: Record<SourceName, (commune: any) => unknown[]> = {
  insee: (c) => [c.stats.ages],
  melodi: (c) => [c.stats.legalPopulation],
  'data-inclusion': (c) => [c.services.totalCount],
  lemarche: () => [],
  inserjeunes: (c) => [c.formations.totalCount],
  datagouv: (c) => [c.datasets.totalCount],
};

const FAULTS: { name: string; rule: Omit<FaultRule, 'source'>; code: string | null }[] = [
  { name: '500', rule: { kind: 'status', status: 500 }, code: 'UPSTREAM_UNAVAILABLE' },
  { name: '503 then recovery', rule: { kind: 'status', status: 503, times: 1 }, code: null },
  { name: '429 with Retry-After', rule: { kind: 'rate-limit', retryAfter: 1 }, code: 'UPSTREAM_RATE_LIMITED' },
  { name: 'hang past the timeout', rule: { kind: 'hang' }, code: 'UPSTREAM_TIMEOUT' },
  { name: 'malformed JSON', rule: { kind: 'malformed-json' }, code: 'UPSTREAM_INVALID_RESPONSE' },
  { name: 'connection reset', rule: { kind: 'reset' }, code: 'UPSTREAM_UNAVAILABLE' },
  { name: 'valid JSON off contract', rule: { kind: 'off-contract' }, code: 'UPSTREAM_INVALID_RESPONSE' },
];

describe('fault matrix on the commune dashboard', () => {
  for (const source of SOURCE_NAMES) {
    for (const fault of FAULTS) {
      it(`${source}: ${fault.name}`, async () => {
        sandbox().controls.addFault({ source, ...fault.rule });
        const { status, body } = await server.graphql(example('commune-dashboard'), { code: '44109' });
        expect(status).toBe(200);
        const commune = body.data.commune;
        expect(commune).toMatchObject({ code: '44109', name: 'Nantes', department: { name: 'Loire-Atlantique' } });
        if (fault.code === null) {
          expect(body.errors).toBeUndefined();
          for (const s of SOURCE_NAMES) for (const value of FED_BY[s](commune)) expect(value).not.toBeNull();
          return;
        }
        expect(body.errors!.length).toBeGreaterThan(0);
        for (const error of body.errors!) expect(error.extensions).toMatchObject({ code: fault.code, source });
        for (const value of FED_BY[source](commune)) expect(value).toBeNull();
        for (const other of SOURCE_NAMES.filter((s) => s !== source))
          for (const value of FED_BY[other](commune)) expect(value).not.toBeNull();
        if (source === 'lemarche') expect(commune.structures.nodes.length).toBeGreaterThan(0);
      });
    }
  }
});
