import { readFileSync, readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { examplesAvailable } from '../helpers/examples.js';
import { useSandbox } from '../helpers/sandbox.js';

/*
 * Every recorded Melodi answer (examples/insee-melodi, read in place) replayed against the
 * sandbox: asked the recorded request, the simulator answers with the same status, content type,
 * keys (and their order), value types, paging shape and GEO form. Figures differ: the sandbox's
 * are generated.
 *
 * The sandbox answers as the service did in January 2026 (compact JSON, keys identifier, title,
 * publisher, observations, paging). Recordings of another form are checked against that one and
 * say so: the February 2025 ones (other paging, older vintages) through the 2026 recording of the
 * same request, or on what the two forms share; the March 2026 (DS_IPC_PRINC) and July 2026
 * (/range) ones, pretty-printed with their keys in another order, on their key sets.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const folder = resolve(process.env.UPSTREAM_EXAMPLES_DIR ?? resolve(root, '../shared/upstreams/examples'), 'insee-melodi');
const raw = (file: string) => readFileSync(resolve(folder, file), 'utf8');
const recorded = (file: string) => JSON.parse(raw(file));

const RECORDED_BASE = 'https://api.insee.fr/melodi';
/** The headers the examples README gives for every recorded JSON answer. */
const RECORDED_HEADERS = {
  'content-type': 'application/json',
  'cache-control': 'no-cache, no-store, max-age=0, must-revalidate',
  vary: 'origin,access-control-request-method,access-control-request-headers,accept-encoding',
};

/** Each file with the request that produced it (examples README). */
const REQUESTS: Record<string, string> = {
  'data_popref_COM-44109_count_20260130.json': '/data/DS_POPULATIONS_REFERENCE?FREQ=A&GEO=COM-44109&totalCount=TRUE&maxResult=0',
  'data_popref_COM-44109_20260130.json': '/data/DS_POPULATIONS_REFERENCE?FREQ=A&GEO=COM-44109&idTerritoire=TRUE&maxResult=100000',
  'data_popref_TIME_PERIOD-1900_empty_count_20260106.json':
    '/data/DS_POPULATIONS_REFERENCE?TIME_PERIOD=1900&GEO=COM-44109&totalCount=TRUE&maxResult=0',
  'data_popref_nofilter_count_20260106.json': '/data/DS_POPULATIONS_REFERENCE?totalCount=TRUE&maxResult=0',
  'error_data_unknown_dataset_500_20260106.txt': '/data/DS_NEXISTEPAS?totalCount=TRUE&maxResult=0',
  'data_DS_IPC_PRINC_DEP-974_count_20260316.json':
    '/data/DS_IPC_PRINC?IND_TYPE=IX&GEO=DEP-974&TIME_PERIOD=2026-01&PRODUCT_GROUP=4000&totalCount=TRUE&maxResult=0',
  'data_DS_IPC_PRINC_DEP-974_20260316.json':
    '/data/DS_IPC_PRINC?IND_TYPE=IX&GEO=DEP-974&TIME_PERIOD=2026-01&PRODUCT_GROUP=4000&idTerritoire=TRUE&maxResult=100000',
  'data_popref_COM-44109_count_20250219.json': '/data/DS_POPULATIONS_REFERENCE?FREQ=A&GEO=COM-44109&totalCount=TRUE&maxResult=0',
  'data_popref_COM-44109_20250219.json': '/data/DS_POPULATIONS_REFERENCE?FREQ=A&GEO=COM-44109&idTerritoire=TRUE&maxResult=10000',
  'data_popref_nofilter_count_20250219.json': '/data/DS_POPULATIONS_REFERENCE?totalCount=TRUE&maxResult=0',
  'data_popref_TIME_PERIOD-1900_empty_count_20250219.json':
    '/data/DS_POPULATIONS_REFERENCE?TIME_PERIOD=1900&GEO=COM-44109&totalCount=TRUE&maxResult=0',
  'error_data_unknown_dataset_400_20250219.txt': '/data/DS_NEXISTEPAS?totalCount=TRUE&maxResult=0',
  'data_popref_EPCI-244400404xCOM_20250219.json':
    '/data/DS_POPULATIONS_REFERENCE?GEO=EPCI-244400404%2ACOM&idTerritoire=TRUE&maxResult=10000',
  'range_DS_SUIVI_DDE_TOUR_20260717.json': '/range/DS_SUIVI_DDE_TOUR',
  'range_DS_EC_DECES_20260106.json': '/range/DS_EC_DECES',
  'range_DS_IPCH_M_20260106.json': '/range/DS_IPCH_M',
  'catalog_DS_EC_DECES_20260106.json': '/catalog/DS_EC_DECES',
  'rmes_listeCode_CL_AGE_20260130.json': '/rmes/listeCode/CL_AGE',
  'rmes_listeCode_CL_DOESNOTEXIST_20260130.json': '/rmes/listeCode/CL_DOESNOTEXIST',
  'catalog_all_empty_20250219.json': '/catalog/all',
  'catalog_all_20260106_SUBSET.json': '/catalog/all',
  'range_DS_POPULATIONS_REFERENCE_20260106_GEO_EXCERPT.json': '/range/DS_POPULATIONS_REFERENCE',
};

/** The 2026 recording of the same request as a February 2025 one. */
const SUCCESSOR: Record<string, string> = {
  'data_popref_COM-44109_count_20250219.json': 'data_popref_COM-44109_count_20260130.json',
  'data_popref_nofilter_count_20250219.json': 'data_popref_nofilter_count_20260106.json',
  'data_popref_TIME_PERIOD-1900_empty_count_20250219.json': 'data_popref_TIME_PERIOD-1900_empty_count_20260106.json',
  'error_data_unknown_dataset_400_20250219.txt': 'error_data_unknown_dataset_500_20260106.txt',
};

/** The January 2026 order of a `/data` answer's keys, which the sandbox keeps. */
const DATA_KEYS = ['identifier', 'title', 'publisher', 'observations', 'paging'];

const sandbox = useSandbox({ melodiQuota: { limit: 10_000, windowMs: 60_000 } });

async function ask(path: string): Promise<{ status: number; type: string | null; headers: Headers; text: string; body: any }> {
  const response = await fetch(`${sandbox().urls.melodi}${path}`, { headers: { accept: 'application/json' } });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, type: response.headers.get('content-type'), headers: response.headers, text, body };
}

/**
 * Where `actual` departs from the shape of `expected`: keys (in order, unless `ordered` is false)
 * and value types. Arrays are compared item kind to item kind: the keys of all their items merged
 * (recorded lists mix items with and without a key, such as `{lang, content}` and `{lang}`); an
 * empty array says nothing of its items.
 */
function shapeDiff(expected: unknown, actual: unknown, ordered = true, path = '(top)'): string[] {
  if (Array.isArray(expected) || Array.isArray(actual)) {
    if (!Array.isArray(expected) || !Array.isArray(actual)) return [`${path}: array on one side only`];
    if (expected.length === 0 || actual.length === 0) return [];
    return shapeDiff(merged(expected), merged(actual), false, `${path}[]`);
  }
  const isObject = (v: unknown) => typeof v === 'object' && v !== null;
  if (isObject(expected) && isObject(actual)) {
    const e = Object.keys(expected as object);
    const a = Object.keys(actual as object);
    const keysDiffer = ordered ? e.join() !== a.join() : [...e].sort().join() !== [...a].sort().join();
    if (keysDiffer) return [`${path}: keys ${JSON.stringify(a)}, recorded ${JSON.stringify(e)}`];
    return e.flatMap((k) => shapeDiff((expected as any)[k], (actual as any)[k], ordered, `${path}.${k}`));
  }
  if (expected === null || actual === null) return [];
  return typeof expected === typeof actual ? [] : [`${path}: ${typeof actual}, recorded ${typeof expected}`];
}

/** The items of a list as one: objects' keys merged (first value kept), else the first item. */
function merged(items: unknown[]): unknown {
  if (!items.every((i) => typeof i === 'object' && i !== null && !Array.isArray(i))) return items[0];
  const out: Record<string, unknown[]> = {};
  for (const item of items as Record<string, unknown>[]) for (const [k, v] of Object.entries(item)) (out[k] ??= []).push(v);
  return Object.fromEntries(Object.entries(out).map(([k, vs]) => [k, Array.isArray(vs[0]) ? vs.flat() : merged(vs)]));
}

/** Every `value` of a body's text as written (Melodi writes whole numbers `327734.0`). */
const writtenValues = (text: string) => [...text.matchAll(/"value"\s*:\s*([-\d.eE+]+)/g)].map((m) => m[1]!);

/** A `/data` GEO split as clients must (on its first two dashes). */
function geoParts(geo: string): { year: string; zone: string } {
  const match = /^(\d{4})-(.+)$/.exec(geo);
  expect(match, geo).not.toBeNull();
  return { year: match![1]!, zone: match![2]! };
}

/** One concept of a range, by code. */
const concept = (range: any, code: string) => range.range.find((c: any) => c.concept.code === code);
/** The concepts two ranges both have, sorted. */
const sharedConcepts = (a: any, b: any) =>
  a.range
    .map((c: any) => c.concept.code)
    .filter((code: string) => concept(b, code))
    .sort();

async function geographyYear(dataset: string): Promise<string> {
  const { body } = await ask(`/catalog/${dataset}`);
  return String(body.spatialTemporal).slice(0, 4);
}

/** The checks every `/data` answer passes against a recording of the same request. */
async function checkData(file: string, path: string, { sameOrder }: { sameOrder: boolean }) {
  const expected = recorded(file);
  const answer = await ask(path);
  expect(answer.status).toBe(200);
  for (const [name, value] of Object.entries(RECORDED_HEADERS)) expect(answer.headers.get(name)).toBe(value);
  expect(answer.headers.get('content-length')).toBeNull();
  const body = answer.body;
  expect(Object.keys(body)).toEqual(sameOrder ? Object.keys(expected) : DATA_KEYS);
  expect([...Object.keys(body)].sort()).toEqual([...Object.keys(expected)].sort());
  expect(shapeDiff({ ...expected, paging: undefined }, { ...body, paging: undefined }, sameOrder)).toEqual([]);
  expect(body.observations.length > 0).toBe(expected.observations.length > 0);
  const year = await geographyYear(body.identifier);
  for (const [i, observation] of (body.observations as any[]).entries()) {
    const model = expected.observations[Math.min(i, expected.observations.length - 1)];
    expect(Object.keys(observation)).toEqual(
      sameOrder ? Object.keys(model) : ['dimensions', 'attributes', 'measures'].filter((k) => k in model),
    );
    expect(Object.keys(observation.dimensions)).toEqual(Object.keys(model.dimensions));
    for (const value of Object.values(observation.dimensions)) expect(typeof value).toBe('string');
    expect(geoParts(observation.dimensions.GEO).year).toBe(year);
    expect(Object.keys(observation.measures)).toEqual(Object.keys(model.measures));
  }
  for (const text of [raw(file), answer.text]) for (const value of writtenValues(text)) expect(value).toMatch(/^-?\d+\.\d+$/);
  // Paging: the same fields, `first` echoing the request as sent with `&page=1`.
  expect(Object.keys(body.paging).sort()).toEqual(Object.keys(expected.paging).sort());
  expect(expected.paging.first).toBe(`${RECORDED_BASE}${path}&page=1`);
  expect(body.paging.first).toBe(`${sandbox().urls.melodi}${path}&page=1`);
  return { expected, body };
}

describe.skipIf(!examplesAvailable)('Melodi recordings against the sandbox', () => {
  it('knows the request of every recorded file, and each reaches a route of the simulator', async () => {
    expect(
      readdirSync(folder)
        .filter((f) => f !== 'README.md')
        .sort(),
    ).toEqual(Object.keys(REQUESTS).sort());
    for (const [file, path] of Object.entries(REQUESTS)) {
      const { status, type } = await ask(path);
      // 200, or the service's own 500 for a dataset it does not serve: never the gateway's 404.
      expect([200, 500], file).toContain(status);
      expect(type, file).toMatch(/^(application\/json|text\/plain;charset=UTF-8)$/);
    }
  });

  it('answers a commune and its count as in January 2026, GEO in the dataset geography and values written 327734.0', async () => {
    const { expected, body } = await checkData('data_popref_COM-44109_20260130.json', REQUESTS['data_popref_COM-44109_20260130.json']!, {
      sameOrder: true,
    });
    const measures = (b: any) => b.observations.map((o: any) => o.dimensions.POPREF_MEASURE).sort();
    expect(measures(body)).toEqual(measures(expected));
    expect(body.observations.map((o: any) => geoParts(o.dimensions.GEO).zone)).toEqual(
      expected.observations.map((o: any) => geoParts(o.dimensions.GEO).zone),
    );
    const count = await checkData('data_popref_COM-44109_count_20260130.json', REQUESTS['data_popref_COM-44109_count_20260130.json']!, {
      sameOrder: true,
    });
    expect(count.body.paging.count).toBe(count.expected.paging.count);
  });

  it('counts an empty match as 0 and the whole dataset at about the real size', async () => {
    const empty = await checkData(
      'data_popref_TIME_PERIOD-1900_empty_count_20260106.json',
      REQUESTS['data_popref_TIME_PERIOD-1900_empty_count_20260106.json']!,
      { sameOrder: true },
    );
    expect(empty.body.paging.count).toBe(0);
    const all = await checkData('data_popref_nofilter_count_20260106.json', REQUESTS['data_popref_nofilter_count_20260106.json']!, {
      sameOrder: true,
    });
    // One observation per measure and zone: the counts differ only by the geographies' zones.
    expect(Math.abs(all.body.paging.count / all.expected.paging.count - 1)).toBeLessThan(0.01);
  });

  it('answers an unknown dataset 500 in text/plain with the recorded sentence', async () => {
    const answer = await ask(REQUESTS['error_data_unknown_dataset_500_20260106.txt']!);
    expect(answer.status).toBe(500);
    expect(answer.type).toBe('text/plain;charset=UTF-8');
    expect(answer.text).toBe(raw('error_data_unknown_dataset_500_20260106.txt'));
  });

  it('answers DS_IPC_PRINC with its own measure name and attributes (the March 2026 recording, pretty-printed in another key order: key sets)', async () => {
    const { expected, body } = await checkData(
      'data_DS_IPC_PRINC_DEP-974_20260316.json',
      REQUESTS['data_DS_IPC_PRINC_DEP-974_20260316.json']!,
      {
        sameOrder: false,
      },
    );
    expect(Object.keys(body.observations[0].attributes)).toEqual(Object.keys(expected.observations[0].attributes));
    expect(body.observations.map((o: any) => o.dimensions.TIME_PERIOD)).toEqual(['2026-01']);
    const count = await checkData(
      'data_DS_IPC_PRINC_DEP-974_count_20260316.json',
      REQUESTS['data_DS_IPC_PRINC_DEP-974_count_20260316.json']!,
      { sameOrder: false },
    );
    expect(count.body.paging.count).toBe(count.expected.paging.count);
  });

  it('answers the February 2025 requests in the 2026 form of their 2026 recordings', async () => {
    for (const [old, successor] of Object.entries(SUCCESSOR)) {
      expect(REQUESTS[old]).toBe(REQUESTS[successor]);
      const answer = await ask(REQUESTS[old]!);
      if (successor.endsWith('.txt')) {
        expect(answer.status).toBe(500);
        expect(answer.text).toBe(raw(successor));
        continue;
      }
      // The 2025 paging (next, last at page 2147483647, isLast, count even unasked) is gone.
      expect(Object.keys(answer.body.paging).sort()).toEqual(Object.keys(recorded(successor).paging).sort());
      expect(Object.keys(recorded(old).paging)).not.toEqual(Object.keys(answer.body.paging));
    }
  });

  it('answers the February 2025 data requests with the shape they share with 2026, one vintage per measure now', async () => {
    const file = 'data_popref_COM-44109_20250219.json';
    const expected = recorded(file);
    const answer = await ask(REQUESTS[file]!);
    expect(Object.keys(answer.body)).toEqual(Object.keys(expected));
    expect(shapeDiff({ ...expected, paging: undefined }, { ...answer.body, paging: undefined })).toEqual([]);
    // 2025: three vintages in the 2024 geography; since January 2026 only the latest, in 2025's.
    const periods = new Set(answer.body.observations.map((o: any) => o.dimensions.TIME_PERIOD));
    expect(periods.size).toBe(1);
    expect(answer.body.observations).toHaveLength(new Set(expected.observations.map((o: any) => o.dimensions.POPREF_MEASURE)).size);
    expect(Object.keys(expected.paging)).toEqual([]);
    expect(Object.keys(answer.body.paging)).toEqual(['first']);
  });

  it('lists the same communes of Nantes Métropole for EPCI-244400404*COM, `%2A` echoed in paging', async () => {
    const file = 'data_popref_EPCI-244400404xCOM_20250219.json';
    const expected = recorded(file);
    const answer = await ask(REQUESTS[file]!);
    expect(answer.status).toBe(200);
    expect(shapeDiff({ ...expected, paging: undefined }, { ...answer.body, paging: undefined })).toEqual([]);
    const communes = (b: any) => [...new Set(b.observations.map((o: any) => geoParts(o.dimensions.GEO).zone))].sort();
    expect(communes(answer.body)).toEqual(communes(expected));
    expect(answer.body.paging.first).toBe(`${sandbox().urls.melodi}${REQUESTS[file]}&page=1`);
  });

  it('describes datasets in catalogue entries shaped as the recorded ones, entry by entry', async () => {
    const all = await ask('/catalog/all');
    expect(all.status).toBe(200);
    expect(all.headers.get('content-type')).toBe('application/json');
    const entries = new Map((all.body as any[]).map((e) => [e.identifier, e]));
    const subset = recorded('catalog_all_20260106_SUBSET.json') as any[];
    const served = subset.filter((e) => entries.has(e.identifier));
    // Every dataset the product reads is served.
    expect(served.map((e) => e.identifier)).toEqual(
      expect.arrayContaining([
        'DS_POPULATIONS_REFERENCE',
        'DS_RP_POPULATION_PRINC',
        'DS_RP_EMPLOI_LR_PRINC',
        'DS_RP_LOGEMENT_PRINC',
        'DS_FILOSOFI_CC',
        'DS_ETAT_CIVIL_NAIS_COMMUNES',
        'DS_ETAT_CIVIL_DECES_COMMUNES',
      ]),
    );
    for (const entry of served) {
      expect(shapeDiff(entry, entries.get(entry.identifier)), entry.identifier).toEqual([]);
      const one = await ask(`/catalog/${entry.identifier}`);
      expect(one.body).toEqual(entries.get(entry.identifier));
    }
    // The single-dataset recording (DS_EC_DECES, a dataset the sandbox does not serve) against an
    // entry with the same optional keys (`keyword`, no `raccourcis` nor `ordreComposants`).
    expect(shapeDiff(recorded('catalog_DS_EC_DECES_20260106.json'), entries.get('DS_POPULATIONS_REFERENCE'))).toEqual([]);
    // The 2025 empty list was hand-edited by the recording's author (README): only its type is kept.
    expect(Array.isArray(recorded('catalog_all_empty_20250219.json'))).toBe(true);
    expect(all.body.length).toBeGreaterThan(0);
  });

  it('lists a dataset range shaped as the recorded ranges, with the recorded territories of DS_POPULATIONS_REFERENCE', async () => {
    const answer = await ask('/range/DS_POPULATIONS_REFERENCE');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('max-age=600, public');
    const excerpt = recorded('range_DS_POPULATIONS_REFERENCE_20260106_GEO_EXCERPT.json');
    expect(Object.keys(answer.body)).toEqual(Object.keys(excerpt));
    const geo = answer.body.range.find((c: any) => c.type === 'geo');
    const byId = new Map(geo.values.map((v: any) => [v.id, v]));
    for (const value of excerpt.range[0].values) {
      const mine = byId.get(value.id) as any;
      expect(mine, value.id).toBeDefined();
      expect(Object.keys(mine)).toEqual(Object.keys(value));
      expect({ code: mine.code, type: mine.type, label: Object.keys(mine.label) }).toEqual({
        code: value.code,
        type: value.type,
        label: Object.keys(value.label),
      });
    }
    // The recorded range of a dataset with GEO (DS_EC_DECES, not served) against the closest one.
    const deaths = await ask('/range/DS_ETAT_CIVIL_DECES_COMMUNES');
    const recordedRange = recorded('range_DS_EC_DECES_20260106.json');
    expect(Object.keys(deaths.body)).toEqual(Object.keys(recordedRange));
    expect(sharedConcepts(recordedRange, deaths.body)).toEqual(['EC_MEASURE', 'FREQ', 'GEO', 'MEASURE', 'TIME_PERIOD']);
    for (const code of sharedConcepts(recordedRange, deaths.body))
      expect(shapeDiff(concept(recordedRange, code), concept(deaths.body, code)), code).toEqual([]);
    for (const value of geo.values) expect(value.id).toBe(`${geoParts(value.id).year}-${value.type.code}-${value.code}`);
  });

  it('lists ranges without GEO and the July 2026 form (alphabetical keys) with the same key sets', async () => {
    const prices = await ask('/range/DS_IPC_PRINC');
    const noGeo = recorded('range_DS_IPCH_M_20260106.json');
    expect(sharedConcepts(noGeo, prices.body)).toEqual(
      expect.arrayContaining(['CONF_STATUS', 'DECIMALS', 'FREQ', 'IDX_TYPE', 'MEASURE', 'OBS_STATUS', 'SEASONAL_ADJUST', 'TIME_PERIOD']),
    );
    for (const code of sharedConcepts(noGeo, prices.body))
      expect(shapeDiff(concept(noGeo, code), concept(prices.body, code)), code).toEqual([]);
    const july = recorded('range_DS_SUIVI_DDE_TOUR_20260717.json');
    expect([...Object.keys(prices.body)].sort()).toEqual([...Object.keys(july)].sort());
    expect(sharedConcepts(july, prices.body)).toEqual(expect.arrayContaining(['FREQ', 'GEO', 'MEASURE', 'TIME_PERIOD']));
    for (const code of sharedConcepts(july, prices.body)) {
      expect(shapeDiff(concept(july, code), concept(prices.body, code), false), code).toEqual([]);
    }
  });

  it('answers code lists as recorded: langue/contenu labels, codes of the list, an unknown list empty', async () => {
    const age = await ask(REQUESTS['rmes_listeCode_CL_AGE_20260130.json']!);
    const expected = recorded('rmes_listeCode_CL_AGE_20260130.json');
    expect(shapeDiff(expected, age.body)).toEqual([]);
    const codes = new Set(expected.codes.map((c: any) => c.code));
    for (const code of age.body.codes) expect(codes.has(code.code), code.code).toBe(true);
    const unknown = await ask(REQUESTS['rmes_listeCode_CL_DOESNOTEXIST_20260130.json']!);
    expect(unknown.status).toBe(200);
    expect(unknown.text).toBe(raw('rmes_listeCode_CL_DOESNOTEXIST_20260130.json'));
  });
});
