import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createConnections, type Connections } from '../../src/connections.js';
import { readEnvironment } from '../../src/config.js';
import { resolveOrigins } from '../../src/origins.js';
import { failure } from '../helpers/connections.js';
import { examplesAvailable } from '../helpers/examples.js';
import { startStandIn, type StandIn, type StandInAnswer } from './melodi-standin.js';

/*
 * The Melodi client over its real policies, against a stand-in on 127.0.0.1 that
 * serves the recorded answers (examples/insee-melodi, read in place): skipped without them.
 */
const folder = resolve(
  process.env.UPSTREAM_EXAMPLES_DIR ?? resolve(import.meta.dirname, '../../../shared/upstreams/examples'),
  'insee-melodi',
);
const recorded = (file: string) => readFileSync(resolve(folder, file), 'utf8');

let standIn: StandIn | undefined;
let clients: Connections | undefined;
afterEach(async () => {
  await clients?.close();
  await standIn?.close();
});

async function melodiAt(answer: (url: URL) => StandInAnswer) {
  standIn = await startStandIn(answer);
  const config = readEnvironment({ UPSTREAMS: 'live', MELODI_URL: standIn.base, MELODI_RETRIES: '1' });
  clients = createConnections(config, resolveOrigins(config, undefined), pino({ level: 'silent' }));
  return { melodi: clients.melodi, requests: standIn.requests };
}

const POPREF = { dataset: 'DS_POPULATIONS_REFERENCE', geo: ['COM-44109'], filters: [['FREQ', ['A']]] as const };

describe.skipIf(!examplesAvailable)('Melodi client against recorded answers', () => {
  it('reads Nantes’ legal populations in one call, asking one page of 100 000 rows, with no key header', async () => {
    const { melodi, requests } = await melodiAt(() => ({ body: recorded('data_popref_COM-44109_20260130.json') }));
    const table = (await melodi.data(POPREF)).value;
    expect(Object.fromEntries(table.rows.map((r) => [r.dimensions.POPREF_MEASURE, r.value]))).toEqual({
      PMUN: 327734,
      PCAP: 4781,
      PTOT: 332515,
    });
    expect(table.title).toBe('Populations de référence');
    expect(requests).toHaveLength(1);
    expect(requests[0]!.url).toBe('/data/DS_POPULATIONS_REFERENCE?FREQ=A&GEO=COM-44109&totalCount=true&maxResult=100000&page=1');
    expect(requests[0]!.headers.accept).toBe('application/json');
    expect(Object.keys(requests[0]!.headers).filter((h) => /insee|api-key|authorization/i.test(h))).toEqual([]);
  });

  it('stops at the 2025 paging’s count although it offers a next page that is not the last', async () => {
    // The 2025 data answer had `paging: {}`; its count answer said 9 with `next` and `isLast: false`.
    const paged = JSON.parse(recorded('data_popref_COM-44109_20250219.json'));
    paged.paging = JSON.parse(recorded('data_popref_COM-44109_count_20250219.json')).paging;
    const { melodi, requests } = await melodiAt(() => ({ body: JSON.stringify(paged) }));
    expect((await melodi.data(POPREF)).value.rows).toHaveLength(9);
    expect(requests).toHaveLength(1);
  });

  it('asks the next page itself (never the api.insee.fr URL of `next`) until the count is read', async () => {
    const whole = JSON.parse(recorded('data_popref_EPCI-244400404xCOM_20250219.json'));
    const rows = whole.observations as unknown[];
    const half = Math.ceil(rows.length / 2);
    const { melodi, requests } = await melodiAt((url) => {
      const page = Number(url.searchParams.get('page'));
      const next = `https://api.insee.fr/melodi/data/DS_POPULATIONS_REFERENCE?page=${page + 1}`;
      return {
        body: JSON.stringify({
          ...whole,
          observations: page === 1 ? rows.slice(0, half) : rows.slice(half),
          paging: { next, isLast: false, count: rows.length },
        }),
      };
    });
    const table = (await melodi.data({ ...POPREF, geo: ['EPCI-244400404*COM'] })).value;
    expect(table.rows).toHaveLength(rows.length);
    expect(requests.map((r) => new URL(r.url, 'http://x').searchParams.get('page'))).toEqual(['1', '2']);
    expect(requests[0]!.url).toContain('GEO=EPCI-244400404*COM');
  });

  it('asks again with smaller pages when a body arrives cut mid-stream', async () => {
    const body = recorded('data_popref_COM-44109_20260130.json');
    const { melodi, requests } = await melodiAt((url) =>
      url.searchParams.get('maxResult') === '100000' ? { body: body.slice(0, body.length / 2) } : { body },
    );
    expect((await melodi.data(POPREF)).value.rows).toHaveLength(3);
    expect(requests.map((r) => new URL(r.url, 'http://x').searchParams.get('maxResult'))).toEqual(['100000', '10000']);
  });

  it('fails clearly on the text/plain 500 Melodi answers for a dataset it does not know, without retrying it', async () => {
    const { melodi, requests } = await melodiAt(() => ({
      status: 500,
      contentType: 'text/plain;charset=UTF-8',
      body: recorded('error_data_unknown_dataset_500_20260106.txt'),
    }));
    const error = await failure(melodi.data({ dataset: 'DS_NEXISTEPAS', geo: ['COM-44109'], filters: [] }));
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.details.status).toBe(500);
    expect(error.message).toBe(
      'melodi answered 500 for DS_NEXISTEPAS: Melodi does so for a dataset it does not know, as well as on its own failures',
    );
    expect(requests).toHaveLength(1);
  });

  it('retries a 503 through its policies', async () => {
    let calls = 0;
    const { melodi } = await melodiAt(() =>
      ++calls === 1 ? { status: 503, contentType: 'text/plain', body: 'busy' } : { body: recorded('data_popref_COM-44109_20260130.json') },
    );
    expect((await melodi.data(POPREF)).value.rows).toHaveLength(3);
    expect(calls).toBe(2);
  });

  it('finds the latest vintage in one cached catalogue call for every dataset', async () => {
    const { melodi, requests } = await melodiAt(() => ({ body: recorded('catalog_all_20260106_SUBSET.json') }));
    expect((await melodi.vintage('DS_POPULATIONS_REFERENCE')).value).toMatchObject({ period: '2023', geographyYear: 2025 });
    expect((await melodi.vintage('DS_FILOSOFI_CC')).value).toMatchObject({ period: '2021' });
    expect((await melodi.vintage('DS_NEXISTEPAS')).value).toBeNull();
    expect(requests.map((r) => r.url)).toEqual(['/catalog/all']);
  });
});
