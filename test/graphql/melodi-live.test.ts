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
});
