import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SOURCE_NAMES, type SourceName } from '../../src/sources/names.js';
import { useSandbox } from '../helpers/sandbox.js';
import { example, startServer, type TestServer } from '../helpers/server.js';

const sandbox = useSandbox();
let server: TestServer;
beforeEach(async () => {
  // Fast failure: no retry, a short timeout, circuits that do not open during the test.
  server = await startServer(
    sandbox(),
    Object.fromEntries(
      SOURCE_NAMES.flatMap((s) => [
        [`${prefix(s)}_RETRIES`, '0'],
        [`${prefix(s)}_TIMEOUT_MS`, '500'],
      ]),
    ),
  );
});
afterEach(async () => {
  vi.useRealTimers();
  await server.close();
});

function prefix(source: SourceName): string {
  return source.toUpperCase().replace('-', '_');
}

// Each source failing in every way is in test/reliability/fault-matrix.test.ts.
describe('partial results', () => {
  it('reports a source without its credential as UPSTREAM_UNAUTHORIZED and answers the rest', async () => {
    await server.close();
    server = await startServer(sandbox(), { INSERJEUNES_API_KEY: 'wrong-key' });
    const { body } = await server.graphql(example('commune-dashboard'), { code: '44109' });
    expect(body.errors!.map((e) => e.extensions)).toEqual([{ code: 'UPSTREAM_UNAUTHORIZED', source: 'inserjeunes' }]);
    expect(body.data.commune.formations).toEqual({ totalCount: null, nodes: [] });
    expect(body.data.commune.stats.legalPopulation).not.toBeNull();
  });

  it('serves stale answers when a source fails after its cache expired, and says so', async () => {
    await server.close();
    server = await startServer(sandbox(), { DATAGOUV_CACHE_TTL_S: '1', DATAGOUV_RETRIES: '0' });
    // Freshness is read on Date: a fake one (timers stay real, for the sockets) outlives the second at once.
    vi.useFakeTimers({ toFake: ['Date'] });
    const fresh = await server.graphql(example('datasets-of-commune'), { commune: '44109', query: 'budget' });
    vi.advanceTimersByTime(1100);
    sandbox().controls.addFault({ source: 'datagouv', kind: 'status', status: 500 });
    const stale = await server.graphql(example('datasets-of-commune'), { commune: '44109', query: 'budget' });
    expect(stale.body.errors).toBeUndefined();
    expect(stale.body.data).toEqual(fresh.body.data);
    expect(stale.body.extensions).toEqual({ staleSources: ['datagouv'] });
  });
});
