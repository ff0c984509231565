import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
  await server.close();
});

function prefix(source: SourceName): string {
  return source.toUpperCase().replace('-', '_');
}

/** Dashboard fields fed by each source. */
const FED_BY: Record<SourceName, (commune: any) => unknown[]> = {
  insee: (c) => [c.stats.legalPopulation, c.stats.ages],
  'data-inclusion': (c) => [c.services.totalCount],
  lemarche: () => [],
  inserjeunes: (c) => [c.formations.totalCount],
  datagouv: (c) => [c.datasets.totalCount],
};

describe('one failing source nulls only the fields it feeds', () => {
  for (const failing of SOURCE_NAMES) {
    for (const fault of ['status', 'malformed-json', 'hang'] as const) {
      it(`${failing} answering ${fault}: the dashboard answers everything else`, async () => {
        sandbox().controls.addFault({ source: failing, kind: fault, status: 503 });
        const { status, body } = await server.graphql(example('commune-dashboard'), { code: '44109' });
        expect(status).toBe(200);
        const commune = body.data.commune;
        expect(commune).toMatchObject({ code: '44109', name: 'Nantes', department: { name: 'Loire-Atlantique' } });
        const expectedCode =
          fault === 'status' ? 'UPSTREAM_UNAVAILABLE' : fault === 'hang' ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_INVALID_RESPONSE';
        expect(body.errors!.length).toBeGreaterThan(0);
        for (const error of body.errors!) expect(error.extensions).toMatchObject({ code: expectedCode, source: failing });
        for (const value of FED_BY[failing](commune)) expect(value).toBeNull();
        for (const other of SOURCE_NAMES.filter((s) => s !== failing && s !== 'lemarche')) {
          for (const value of FED_BY[other](commune)) expect(value).not.toBeNull();
        }
        if (failing === 'lemarche') {
          // data·inclusion's structures still answer; the error says the list lacks the Marché's.
          expect(body.errors!.map((e) => e.path!.join('.'))).toContain('commune.structures');
          expect(commune.structures.nodes.length).toBeGreaterThan(0);
        }
        if (failing === 'data-inclusion')
          expect(commune.structures.nodes.every((s: { sources: string[] }) => s.sources.join() === 'MARCHE')).toBe(true);
      });
    }
  }

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
    const fresh = await server.graphql(example('datasets-of-commune'), { commune: '44109', query: 'budget' });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    sandbox().controls.addFault({ source: 'datagouv', kind: 'status', status: 500 });
    const stale = await server.graphql(example('datasets-of-commune'), { commune: '44109', query: 'budget' });
    expect(stale.body.errors).toBeUndefined();
    expect(stale.body.data).toEqual(fresh.body.data);
    expect(stale.body.extensions).toEqual({ staleSources: ['datagouv'] });
  });
});
