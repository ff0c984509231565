import { describe, expect, it } from 'vitest';
import { geography } from '../../src/geography/index.js';
import { useSandbox } from '../helpers/sandbox.js';

/*
 * The Melodi simulator's behaviour (insee-melodi.md §3, §4, §10): GEO selectors, filters,
 * paging, its own quota, faults, and figures that agree with the embedded geography and with
 * each other. Its conformance to the recordings is test/conformance/melodi.test.ts's.
 */

const sandbox = useSandbox();

interface Observation {
  dimensions: Record<string, string>;
  attributes?: Record<string, string>;
  measures: Record<string, { value?: number }>;
}

async function ask(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${sandbox().urls.melodi}${path}`, { headers: { accept: 'application/json', ...headers } });
  const text = await response.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body };
}

async function observations(path: string): Promise<Observation[]> {
  const { status, body } = await ask(path);
  expect(status).toBe(200);
  return body.observations;
}

const zoneOf = (o: Observation) => o.dimensions.GEO!.split('-').slice(1).join('-');
const valueOf = (o: Observation) => o.measures.OBS_VALUE_NIVEAU!.value!;
/** Figures by zone (`LEVEL-CODE`) for one observation per zone. */
const byZone = (list: Observation[]) => new Map(list.map((o) => [zoneOf(o), valueOf(o)]));
const total = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);

describe('Melodi simulator: GEO selectors and filters', () => {
  it('selects a zone by LEVEL-CODE or YYYY-LEVEL-CODE in the dataset geography, nothing in another year', async () => {
    const plain = await observations('/data/DS_POPULATIONS_REFERENCE?GEO=COM-44109');
    expect(plain.map((o) => o.dimensions.GEO)).toEqual(['2025-COM-44109', '2025-COM-44109', '2025-COM-44109']);
    expect(await observations('/data/DS_POPULATIONS_REFERENCE?GEO=2025-COM-44109')).toEqual(plain);
    expect(await observations('/data/DS_POPULATIONS_REFERENCE?GEO=2024-COM-44109')).toEqual([]);
    // The census is in the 2026 geography.
    const census = await observations('/data/DS_RP_POPULATION_PRINC?GEO=COM-44109&SEX=_T&AGE=_T&TIME_PERIOD=2023');
    expect(census.map((o) => o.dimensions.GEO)).toEqual(['2026-COM-44109']);
  });

  it('lists the communes of a parent with `*` or `%2A`, and every zone of a level', async () => {
    const star = await observations('/data/DS_POPULATIONS_REFERENCE?GEO=DEP-44*COM&POPREF_MEASURE=PMUN');
    const encoded = await observations('/data/DS_POPULATIONS_REFERENCE?GEO=DEP-44%2ACOM&POPREF_MEASURE=PMUN');
    expect(encoded).toEqual(star);
    const communes = geography()
      .communesOfDepartment('44')
      .filter((c) => c.kind === 'commune')
      .map((c) => `COM-${c.code}`);
    expect(star.map(zoneOf).sort()).toEqual(communes.sort());
    const regions = await observations('/data/DS_POPULATIONS_REFERENCE?GEO=REG&POPREF_MEASURE=PMUN');
    // Every region but those outside the dataset (Mayotte; overseas collectivities).
    const covered = geography().regions.filter((r) => r.zone !== 'com' && r.code !== '06');
    expect(regions.map(zoneOf).sort()).toEqual(covered.map((r) => `REG-${r.code}`).sort());
    const france = await observations('/data/DS_POPULATIONS_REFERENCE?GEO=FRANCE-F&GEO=FRANCE-FM&POPREF_MEASURE=PMUN');
    expect(france.map(zoneOf)).toEqual(['FRANCE-F', 'FRANCE-FM']);
    expect(valueOf(france[0]!)).toBeGreaterThan(valueOf(france[1]!));
  });

  it('ORs repeated values of one name and ANDs different names; booleans in any case', async () => {
    const both = await observations('/data/DS_POPULATIONS_REFERENCE?GEO=COM-44109&GEO=COM-44026&POPREF_MEASURE=PMUN&POPREF_MEASURE=PCAP');
    expect(both.map((o) => `${zoneOf(o)} ${o.dimensions.POPREF_MEASURE}`).sort()).toEqual([
      'COM-44026 PCAP',
      'COM-44026 PMUN',
      'COM-44109 PCAP',
      'COM-44109 PMUN',
    ]);
    for (const spelling of ['TRUE', 'True', 'true']) {
      const { body } = await ask(`/data/DS_POPULATIONS_REFERENCE?GEO=COM-44109&totalCount=${spelling}&maxResult=0`);
      expect(body.paging.count).toBe(3);
    }
    expect((await ask('/data/DS_POPULATIONS_REFERENCE?GEO=COM-44109&totalCount=false')).body.paging.count).toBeUndefined();
  });

  it('answers an empty match 200 with no observations: unknown code, period or dimension', async () => {
    for (const query of ['GEO=COM-99999', 'TIME_PERIOD=1900', 'NOT_A_DIMENSION=X', 'GEO=ZE2020-5213']) {
      const { status, body } = await ask(`/data/DS_POPULATIONS_REFERENCE?${query}&totalCount=TRUE`);
      expect(status, query).toBe(200);
      expect(body.observations, query).toEqual([]);
      expect(body.paging.count, query).toBe(0);
    }
  });

  it('refuses an unknown dataset with the recorded 500 text, and answers with the gateway headers', async () => {
    const unknown = await ask('/data/DS_NEXISTEPAS');
    expect(unknown.status).toBe(500);
    expect(unknown.headers.get('content-type')).toBe('text/plain;charset=UTF-8');
    expect(unknown.text).toBe('Le serveur a rencontré une erreur inattendue.');
    const { headers } = await ask('/data/DS_POPULATIONS_REFERENCE?GEO=COM-44109');
    expect(headers.get('content-type')).toBe('application/json');
    expect(headers.get('content-length')).toBeNull();
    expect(headers.get('x-gravitee-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers.get('x-gravitee-transaction-id')).toBe(headers.get('x-gravitee-request-id'));
    expect(headers.get('set-cookie')).toMatch(/^INSEE=\w+; path=\/; Httponly; Secure$/);
    // Answers given again (the simulator keeps them) carry the same headers: a range's cache policy too.
    for (let i = 0; i < 2; i++) {
      const again = await ask('/data/DS_POPULATIONS_REFERENCE?GEO=COM-44109');
      expect(again.headers.get('content-type')).toBe('application/json');
      expect(again.headers.get('cache-control')).toBe('no-cache, no-store, max-age=0, must-revalidate');
      const range = await ask('/range/DS_ETAT_CIVIL_NAIS_COMMUNES');
      expect(range.headers.get('cache-control')).toBe('max-age=600, public');
      expect(range.headers.get('content-type')).toBe('application/json');
    }
  });
});

describe('Melodi simulator: paging', () => {
  it('pages at 10 000 by default, with next and isLast, until every observation is read once', async () => {
    const query = '/data/DS_POPULATIONS_REFERENCE?GEO=COM&POPREF_MEASURE=PMUN&totalCount=TRUE';
    let url: string | undefined = `${sandbox().urls.melodi}${query}`;
    const seen = new Set<string>();
    let count = 0;
    let pages = 0;
    while (url) {
      const response = await fetch(url);
      const body: any = await response.json();
      pages++;
      count = body.paging.count;
      expect(body.observations.length).toBeLessThanOrEqual(10_000);
      for (const o of body.observations as Observation[]) seen.add(zoneOf(o));
      expect(body.paging.first).toBe(`${sandbox().urls.melodi}${query}&page=1`);
      expect(body.paging.isLast).toBe(body.paging.next === undefined);
      if (body.paging.next) expect(body.paging.next).toBe(`${sandbox().urls.melodi}${query}&page=${pages + 1}`);
      url = body.paging.next;
    }
    expect(pages).toBe(Math.ceil(count / 10_000));
    expect(seen.size).toBe(count);
  });

  it('drops a `page` of the request from the links, clamps maxResult to 100 000, and counts only with maxResult=0', async () => {
    const second = await ask('/data/DS_POPULATIONS_REFERENCE?page=2&GEO=COM&maxResult=20000');
    expect(second.body.paging.first).toBe(`${sandbox().urls.melodi}/data/DS_POPULATIONS_REFERENCE?GEO=COM&maxResult=20000&page=1`);
    expect(second.body.observations).toHaveLength(20_000);
    const clamped = await ask('/data/DS_POPULATIONS_REFERENCE?GEO=COM&maxResult=500000&totalCount=TRUE');
    expect(clamped.body.observations).toHaveLength(Math.min(100_000, clamped.body.paging.count));
    const countOnly = await ask('/data/DS_POPULATIONS_REFERENCE?GEO=COM&maxResult=0&totalCount=TRUE');
    expect(countOnly.body.observations).toEqual([]);
    expect(Object.keys(countOnly.body.paging)).toEqual(['first', 'count']);
    expect(countOnly.body.paging.count).toBe(clamped.body.paging.count);
  });
});

describe('Melodi simulator: gateway', () => {
  it('admits 30 requests a minute of its own, then 429, without touching the Données locales quota', async () => {
    for (let i = 0; i < 30; i++) expect((await ask('/rmes/listeCode/CL_SEX')).status).toBe(200);
    const refused = await ask('/rmes/listeCode/CL_SEX');
    expect(refused.status).toBe(429);
    expect(refused.body.http_status_code).toBe(429);
    const dl = await fetch(`${sandbox().urls.insee}/donnees-locales/donnees/geo-IND_POPLEGALES@POPLEG2020/COM-44109.all`, {
      headers: { accept: 'application/json' },
    });
    expect(dl.status).toBe(200);
    expect(sandbox().controls.count('melodi')).toBe(31);
    expect(sandbox().controls.count('insee')).toBe(1);
    expect(
      sandbox()
        .controls.requests('melodi')
        .every((r) => r.path.startsWith('/melodi/')),
    ).toBe(true);
  });

  it('refuses any request carrying an Insee API key header (401), never the others', async () => {
    const keyed = await ask('/data/DS_POPULATIONS_REFERENCE?GEO=COM-44109', { 'X-INSEE-Api-Key-Integration': 'some-key' });
    expect(keyed.status).toBe(401);
    expect((await ask('/data/DS_POPULATIONS_REFERENCE?GEO=COM-44109')).status).toBe(200);
  });

  it('injects faults under the source name melodi: a body cut mid-string (200, no length), 504, 429', async () => {
    const controls = sandbox().controls;
    const whole = await ask('/data/DS_POPULATIONS_REFERENCE?GEO=DEP-44*COM');
    controls.addFault({ source: 'melodi', kind: 'malformed-json', path: '^/melodi/data/', times: 1 });
    const cut = await ask('/data/DS_POPULATIONS_REFERENCE?GEO=DEP-44*COM');
    expect(cut.status).toBe(200);
    expect(cut.headers.get('content-length')).toBeNull();
    expect(cut.body).toBeUndefined();
    expect(whole.text.startsWith(cut.text)).toBe(true);
    expect(cut.text.length).toBeLessThan(whole.text.length);
    // Inside a string: an odd number of quotes.
    expect((cut.text.match(/"/g) ?? []).length % 2).toBe(1);
    controls.addFault({ source: 'melodi', kind: 'status', status: 504, times: 1 });
    expect((await ask('/data/DS_POPULATIONS_REFERENCE?GEO=COM')).status).toBe(504);
    controls.addFault({ source: 'melodi', kind: 'rate-limit', times: 1 });
    expect((await ask('/catalog/all')).status).toBe(429);
    // A fault may aim at a query: the gateway's 504 on the whole commune level, unfiltered.
    controls.addFault({ source: 'melodi', kind: 'status', status: 504, path: '/data/', query: '^GEO=COM$' });
    expect((await ask('/data/DS_POPULATIONS_REFERENCE?GEO=COM')).status).toBe(504);
    expect((await ask('/data/DS_POPULATIONS_REFERENCE?GEO=COM-44109')).status).toBe(200);
    // Faults of Données locales stay on its paths.
    controls.addFault({ source: 'insee', kind: 'status', status: 503 });
    expect((await ask('/catalog/DS_POPULATIONS_REFERENCE')).status).toBe(200);
  });
});

describe('Melodi simulator: figures', () => {
  const g = geography();

  it('gives each commune its geography population as PMUN, PTOT = PMUN + PCAP, and sums larger zones', async () => {
    const list = await observations('/data/DS_POPULATIONS_REFERENCE?GEO=DEP-44*COM&GEO=DEP-44');
    const at = (zone: string, measure: string) => valueOf(list.find((o) => zoneOf(o) === zone && o.dimensions.POPREF_MEASURE === measure)!);
    const communes = g.communesOfDepartment('44').filter((c) => c.kind === 'commune');
    for (const c of communes) {
      expect(at(`COM-${c.code}`, 'PMUN')).toBe(c.population);
      expect(at(`COM-${c.code}`, 'PTOT')).toBe(at(`COM-${c.code}`, 'PMUN') + at(`COM-${c.code}`, 'PCAP'));
    }
    for (const measure of ['PMUN', 'PCAP', 'PTOT']) {
      expect(at('DEP-44', measure)).toBe(total(communes.map((c) => at(`COM-${c.code}`, measure))));
    }
    const paris = await observations('/data/DS_POPULATIONS_REFERENCE?GEO=COM-75056&GEO=COM-75056*ARM&POPREF_MEASURE=PMUN');
    expect(paris).toHaveLength(21);
    expect(valueOf(paris.find((o) => zoneOf(o) === 'COM-75056')!)).toBe(total(paris.filter((o) => zoneOf(o) !== 'COM-75056').map(valueOf)));
  });

  it('has no EPCI level in DS_POPULATIONS_REFERENCE, but EPCI-…*COM lists its communes', async () => {
    expect(await observations('/data/DS_POPULATIONS_REFERENCE?GEO=EPCI-244400404')).toEqual([]);
    expect(await observations('/data/DS_POPULATIONS_REFERENCE?GEO=EPCI')).toEqual([]);
    const members = await observations('/data/DS_POPULATIONS_REFERENCE?GEO=EPCI-244400404*COM&POPREF_MEASURE=PMUN');
    const epci = g.epci('244400404')!;
    expect(members.map(zoneOf).sort()).toEqual(epci.memberCodes.map((c) => `COM-${c}`).sort());
    expect(total(members.map(valueOf))).toBe(total(epci.memberCodes.map((c) => g.commune(c)!.population!)));
    // The census has the EPCI level, with the sum of its communes.
    const census = await observations(
      '/data/DS_RP_POPULATION_PRINC?GEO=EPCI-244400404&GEO=EPCI-244400404*COM&SEX=_T&AGE=_T&TIME_PERIOD=2023',
    );
    const epciValue = valueOf(census.find((o) => zoneOf(o) === 'EPCI-244400404')!);
    expect(epciValue).toBeCloseTo(total(census.filter((o) => zoneOf(o) !== 'EPCI-244400404').map(valueOf)), 3);
  });

  it('keeps census totals consistent: _T sexes and ages are the sums of their parts, close to the legal population', async () => {
    const list = await observations('/data/DS_RP_POPULATION_PRINC?GEO=COM-44109&TIME_PERIOD=2023');
    const at = (sex: string, age: string) => valueOf(list.find((o) => o.dimensions.SEX === sex && o.dimensions.AGE === age)!);
    const ages = [...new Set(list.map((o) => o.dimensions.AGE!))].filter((a) => a !== '_T');
    expect(ages.length).toBeGreaterThan(3);
    for (const age of [...ages, '_T']) expect(at('_T', age)).toBeCloseTo(at('F', age) + at('M', age), 3);
    for (const sex of ['F', 'M', '_T']) expect(at(sex, '_T')).toBeCloseTo(total(ages.map((a) => at(sex, a))), 3);
    expect(Math.abs(at('_T', '_T') / g.commune('44109')!.population! - 1)).toBeLessThan(0.01);
    // Weighted estimates: not whole numbers.
    expect(Number.isInteger(at('_T', '_T'))).toBe(false);
    const working = ['Y15T24', 'Y25T39', 'Y40T54', 'Y55T64'];
    const employment = await observations('/data/DS_RP_EMPLOI_LR_PRINC?GEO=COM-44109&TIME_PERIOD=2023');
    const status = (code: string) => valueOf(employment.find((o) => o.dimensions.EMPSTA_ENQ === code)!);
    expect(status('1') + status('2')).toBeCloseTo(status('1T2'), 3);
    expect(status('1T2')).toBeLessThan(status('_T'));
    expect(status('_T')).toBeCloseTo(total(working.map((a) => at('_T', a))), 3);
    const housing = await observations('/data/DS_RP_LOGEMENT_PRINC?GEO=COM-44109&TIME_PERIOD=2023');
    const ocs = (code: string) => valueOf(housing.find((o) => o.dimensions.OCS === code)!);
    expect(ocs('_T')).toBeCloseTo(ocs('DW_MAIN') + ocs('DW_SEC_DW_OCC') + ocs('DW_VAC'), 3);
  });

  it('writes whole figures with .0 and marks Filosofi secrets: CONF_STATUS C, no value', async () => {
    const { text } = await ask('/data/DS_POPULATIONS_REFERENCE?GEO=COM-44109');
    expect(text).toContain(`"value":${g.commune('44109')!.population}.0}`);
    const lozere = await observations('/data/DS_FILOSOFI_CC?GEO=DEP-48*COM&FILOSOFI_MEASURE=MED_SL&FILOSOFI_MEASURE=NUM_HH');
    const secret = lozere.filter((o) => o.attributes!.CONF_STATUS === 'C');
    expect(secret.length).toBeGreaterThan(0);
    for (const o of secret) {
      expect(o.dimensions.FILOSOFI_MEASURE).toBe('MED_SL');
      expect(o.measures.OBS_VALUE_NIVEAU).toEqual({});
    }
    expect(
      lozere.filter((o) => o.dimensions.FILOSOFI_MEASURE === 'NUM_HH').every((o) => typeof o.measures.OBS_VALUE_NIVEAU!.value === 'number'),
    ).toBe(true);
    const nantes = await observations('/data/DS_FILOSOFI_CC?GEO=COM-44109');
    expect(nantes.map((o) => o.dimensions.FILOSOFI_MEASURE).sort()).toEqual(['MED_SL', 'NUM_HH', 'PR_MD60']);
    for (const o of nantes) expect(o.attributes!.CONF_STATUS).toBe('F');
  });

  it('knows a commune created in 2026 only in the 2026 geography: before, its former communes sum to it', async () => {
    const merged = g.commune('25223')!;
    const formers = g.formerCommunesOf('25223').filter((f) => f.code !== '25223');
    expect(await observations('/data/DS_POPULATIONS_REFERENCE?GEO=COM-25223')).toEqual([]);
    const parts = await observations(
      `/data/DS_POPULATIONS_REFERENCE?POPREF_MEASURE=PMUN&${formers.map((f) => `GEO=COM-${f.code}`).join('&')}`,
    );
    expect(parts).toHaveLength(formers.length);
    expect(total(parts.map(valueOf))).toBe(merged.population);
    const census = await observations('/data/DS_RP_POPULATION_PRINC?GEO=COM-25223&SEX=_T&AGE=_T&TIME_PERIOD=2023');
    expect(census.map((o) => o.dimensions.GEO)).toEqual(['2026-COM-25223']);
  });

  it('serves study zonings where the dataset has them, as sums of their communes', async () => {
    const list = await observations('/data/DS_ETAT_CIVIL_NAIS_COMMUNES?GEO=ZE2020-5213&GEO=EPCI-244400404&TIME_PERIOD=2024');
    expect(list.map(zoneOf)).toEqual(['ZE2020-5213', 'EPCI-244400404']);
    // The sandbox's employment zone 5213 stands for Nantes Métropole's communes (study-zones.ts).
    expect(valueOf(list[0]!)).toBe(valueOf(list[1]!));
    expect(list[0]!.dimensions.EC_MEASURE).toBe('LVB');
  });

  it('dates each dataset in its catalogue entry as its observations are, with the vintages of December 2026', async () => {
    const all = (await ask('/catalog/all')).body as any[];
    const vintages: Record<string, string> = {};
    for (const entry of all) {
      const { body } = await ask(`/data/${entry.identifier}?totalCount=TRUE&maxResult=1`);
      expect(body.paging.count, entry.identifier).toBe(entry.numObservations);
      const geoYear = entry.spatialTemporal.slice(0, 4);
      expect(body.observations[0].dimensions.GEO.slice(0, 4), entry.identifier).toBe(geoYear);
      const { body: france } = await ask(`/data/${entry.identifier}?GEO=FRANCE-F&maxResult=100000`);
      const periods = (france.observations as Observation[]).map((o) => o.dimensions.TIME_PERIOD!).sort();
      const latest = periods[periods.length - 1]!;
      expect(entry.temporal.endPeriod.startsWith(latest), entry.identifier).toBe(true);
      vintages[entry.identifier] = `${latest} in ${geoYear}`;
    }
    expect(vintages).toMatchObject({
      DS_POPULATIONS_REFERENCE: '2023 in 2025',
      DS_RP_POPULATION_PRINC: '2023 in 2026',
      DS_RP_EMPLOI_LR_PRINC: '2023 in 2026',
      DS_RP_LOGEMENT_PRINC: '2023 in 2026',
      DS_FILOSOFI_CC: '2021 in 2025',
      DS_ETAT_CIVIL_NAIS_COMMUNES: '2025 in 2025',
      DS_ETAT_CIVIL_DECES_COMMUNES: '2025 in 2025',
      DS_SIDE_CREA_ENT_COM: '2025 in 2025',
    });
    // France computed cold for every simulated dataset: longer than one read.
  }, 60_000);
});
