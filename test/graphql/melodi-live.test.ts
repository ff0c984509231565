import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnvironment } from '../../src/config.js';
import { createApp, type App } from '../../src/server/app.js';
import { examplesAvailable } from '../helpers/examples.js';
import { startStandIn, type StandIn } from '../sources/melodi-standin.js';

/*
 * Live mode pointed at a stand-in that answers like the recordings (examples/insee-melodi, read
 * in place: the January 2026 catalogue and Nantes' legal populations): the server gives the
 * recorded 2023 legal populations of Nantes. Skipped where the recordings are absent.
 */
const folder = resolve(
  process.env.UPSTREAM_EXAMPLES_DIR ?? resolve(import.meta.dirname, '../../../shared/upstreams/examples'),
  'insee-melodi',
);

describe.skipIf(!examplesAvailable)('live mode against a stand-in answering like the recordings', () => {
  let standIn: StandIn;
  let app: App;
  let url: string;
  beforeAll(async () => {
    const recorded = (file: string) => readFileSync(resolve(folder, file), 'utf8');
    standIn = await startStandIn((request) =>
      request.pathname.endsWith('/catalog/all')
        ? { body: recorded('catalog_all_20260106_SUBSET.json') }
        : request.pathname.endsWith('/data/DS_POPULATIONS_REFERENCE')
          ? { body: recorded('data_popref_COM-44109_20260130.json') }
          : { status: 500, contentType: 'text/plain;charset=UTF-8', body: recorded('error_data_unknown_dataset_500_20260106.txt') },
    );
    app = await createApp({ env: readEnvironment({ UPSTREAMS: 'live', MELODI_URL: standIn.base }), logger: pino({ level: 'silent' }) });
    url = await app.http.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app?.close();
    await standIn?.close();
  });

  it('gives Nantes the recorded 2023 legal populations: 327 734 / 4 781 / 332 515', async () => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          '{ commune(code: "44109") { stats { legalPopulation { year municipal countedSeparately total } provenance { dataset period geographyYear modified } } } }',
      }),
    });
    const body = (await response.json()) as any;
    expect(body.errors).toBeUndefined();
    expect(body.data.commune.stats.legalPopulation).toEqual({ year: 2023, municipal: 327734, countedSeparately: 4781, total: 332515 });
    expect(body.data.commune.stats.provenance).toEqual([
      { dataset: 'DS_POPULATIONS_REFERENCE', period: '2023', geographyYear: 2025, modified: '2025-12-18T12:00:16' },
    ]);
    expect(standIn.requests.map((r) => r.url.split('?')[0])).toEqual(['/catalog/all', '/data/DS_POPULATIONS_REFERENCE']);
    expect(standIn.requests[1]!.url).toContain('TIME_PERIOD=2023');
  });

  describe('once Insee publishes legal populations newer than the embedded ones', () => {
    // The recordings as they would read the day after a release: the catalogue's latest period
    // one year on, and Nantes' figures of that period.
    let next: StandIn;
    let nextApp: App;
    let nextUrl: string;
    beforeAll(async () => {
      const recorded = (file: string) => JSON.parse(readFileSync(resolve(folder, file), 'utf8'));
      const catalog = recorded('catalog_all_20260106_SUBSET.json') as { identifier: string; temporal: Record<string, string> }[];
      for (const entry of catalog) {
        if (entry.identifier === 'DS_POPULATIONS_REFERENCE')
          entry.temporal = { startPeriod: '2024-01-01T00:00:00', endPeriod: '2024-01-01T00:00:00' };
      }
      const data = recorded('data_popref_COM-44109_20260130.json') as {
        observations: { dimensions: Record<string, string>; measures: any }[];
      };
      for (const observation of data.observations) {
        observation.dimensions.TIME_PERIOD = '2024';
        observation.measures.OBS_VALUE_NIVEAU.value += 1000;
      }
      next = await startStandIn((request) =>
        request.pathname.endsWith('/catalog/all')
          ? { body: JSON.stringify(catalog) }
          : request.pathname.endsWith('/data/DS_POPULATIONS_REFERENCE') && request.search.includes('TIME_PERIOD=2024')
            ? { body: JSON.stringify(data) }
            : { status: 500, contentType: 'text/plain;charset=UTF-8', body: 'Le serveur a rencontré une erreur inattendue.' },
      );
      nextApp = await createApp({ env: readEnvironment({ UPSTREAMS: 'live', MELODI_URL: next.base }), logger: pino({ level: 'silent' }) });
      nextUrl = await nextApp.http.listen({ host: '127.0.0.1', port: 0 });
    });
    afterAll(async () => {
      await nextApp?.close();
      await next?.close();
    });

    it('reads even the municipal population alone from Melodi, not from the embedded geography', async () => {
      const response = await fetch(`${nextUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ commune(code: "44109") { stats { legalPopulation { year municipal } } } }' }),
      });
      const body = (await response.json()) as any;
      expect(body.errors).toBeUndefined();
      expect(body.data.commune.stats.legalPopulation).toEqual({ year: 2024, municipal: 328734 });
    });
  });
});
