import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geography } from '../../src/geography/index.js';
import { getJson, useSandbox } from '../helpers/sandbox.js';
import { example, startServer, type TestServer } from '../helpers/server.js';

// A commune nouvelle costs one Insee call per predecessor: the quotas and the per-request budget
// are raised so that the figures, not the rationing, are under test.
const sandbox = useSandbox({ inseeQuota: { limit: 1000, windowMs: 60_000 } });
let running: TestServer | undefined;
beforeAll(async () => {
  running = await startServer(sandbox(), { INSEE_RATE_LIMIT: '1000/60s', INSEE_REQUEST_BUDGET: '100' });
});
afterAll(async () => running?.close());
const server = () => running!;

/** The commune the sandbox plays as created after its cubes' 2023 geography, and its five predecessors. */
const YOUNG = '25223';
const PREDECESSORS = ['25010', '25168', '25205', '25484', '25533'];

/** The total cell of a measure, read straight from the sandbox (null on a 404). */
async function total(path: string, measure: string): Promise<number | null> {
  const { status, body } = await getJson(`${sandbox().urls.insee}/donnees-locales/donnees/${path}`);
  if (status === 404) return null;
  const cell = body.Cellule.find((c: any) => c.Mesure.code === measure && c.Modalite.every((m: any) => m.code === 'ENS' || m.code === '1'));
  return Number(cell.Valeur);
}

function inseePaths(): string[] {
  return sandbox()
    .controls.requests()
    .filter((r) => r.source === 'insee')
    .map((r) => r.path);
}

describe('every zoning Insee publishes', () => {
  it('answers a zone of each level, named from the embedded geography, with its statistics', async () => {
    const { body } = await server().graphql(`{
      com: zone(level: COM, code: "44109") { level code name }
      arm: zone(level: ARM, code: "75111") { level code name stats { households } }
      arr: zone(level: ARR, code: "442") { level code name stats { households } }
      epci: zone(level: EPCI, code: "244400404") { name }
      dep: zone(level: DEP, code: "2A") { name }
      reg: zone(level: REG, code: "52") { name }
      fe: zone(level: FE, code: "1") { name }
      france { level code name stats { households } }
      unknown: zone(level: ARR, code: "449") { name }
    }`);
    expect(body.errors).toBeUndefined();
    const d = body.data;
    expect(d.com).toEqual({ level: 'COM', code: '44109', name: 'Nantes' });
    expect(d.arm.name).toBe('Paris 11e Arrondissement');
    expect(d.arm.stats.households).toBe(await total('geo-TYPMR@GEO2023RP2020/COM-75111.all', 'NBLOG'));
    expect(d.arr).toMatchObject({ level: 'ARR', code: '442', name: geography().arrondissement('442')!.name });
    expect(d.arr.stats.households).toBe(await total('geo-TYPMR@GEO2023RP2020/ARR-442.all', 'NBLOG'));
    expect([d.epci.name, d.dep.name, d.reg.name, d.fe.name]).toEqual(['Nantes Métropole', 'Corse-du-Sud', 'Pays de la Loire', 'France']);
    expect(d.france).toMatchObject({ level: 'FE', code: '1', name: 'France' });
    expect(d.unknown).toBeNull();
    expect(d.france.stats.households).toBe(await total('geo-TYPMR@GEO2023RP2020/FE-1.all', 'NBLOG'));
  });

  it('answers the study zonings by code, without a name offline, null figures where Insee has no such zone', async () => {
    const { body } = await server().graphql(`{
      ze: zone(level: ZE2020, code: "5213") { level code name stats { households sourceCodes } }
      uu: zone(level: UU2020, code: "00851") { stats { businessCreations } }
      aav: zone(level: AAV2020, code: "008") { stats { households } }
      unknown: zone(level: ZE2020, code: "9999") { name stats { households sourceCodes } }
    }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.ze).toMatchObject({ level: 'ZE2020', code: '5213', name: null });
    expect(body.data.ze.stats).toEqual({
      households: await total('geo-TYPMR@GEO2023RP2020/ZE2020-5213.all', 'NBLOG'),
      sourceCodes: ['5213'],
    });
    expect(body.data.uu.stats.businessCreations).toBe(
      await total('geo-NA10_HORS_AZ-ENTR_INDIVIDUELLE@GEO2022REE2021/UU2020-00851.all.all', 'NBCRENT'),
    );
    expect(body.data.aav.stats.households).toBe(await total('geo-TYPMR@GEO2023RP2020/AAV2020-008.all', 'NBLOG'));
    expect(body.data.unknown).toEqual({ name: null, stats: { households: null, sourceCodes: [] } });
  });

  it.each([
    ['ZE2020', '12'],
    ['UU2020', '0085'],
    ['AAV2020', '0011'],
    ['ARR', '44109'],
    ['EPCI', '2444'],
    ['FE', '2'],
    ['COM', '442'],
  ])('refuses a %s code of the wrong form (%j) before any call', async (level, code) => {
    sandbox().controls.resetCounters();
    const { body } = await server().graphql(`query($code: ID!) { zone(level: ${level}, code: $code) { stats { households } } }`, { code });
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.data?.zone ?? null).toBeNull();
    expect(sandbox().controls.requests()).toEqual([]);
  });

  it('refuses a code that could change the path, whatever the level, before execution', async () => {
    sandbox().controls.resetCounters();
    const { status, body } = await server().graphql('{ zone(level: ZE2020, code: "../x") { name } }');
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(sandbox().controls.requests()).toEqual([]);
  });

  it('serves arrondissements: by code, per department, per commune, with communes, chef-lieu and statistics', async () => {
    const { body } = await server().graphql(`{
      arrondissement(code: "442") { code name department { code } chefLieu { code } communes { code } stats { sourceCodes households } }
      department(code: "44") { arrondissements { code } }
      commune(code: "44109") { arrondissement { code } }
      mayotte: commune(code: "97611") { arrondissement { code } }
    }`);
    expect(body.errors).toBeUndefined();
    const arrondissement = body.data.arrondissement;
    expect(arrondissement).toMatchObject({ code: '442', department: { code: '44' }, chefLieu: { code: '44109' } });
    expect(arrondissement.communes.map((c: { code: string }) => c.code)).toContain('44109');
    expect(arrondissement.stats.sourceCodes).toEqual(['442']);
    expect(body.data.department.arrondissements.map((a: { code: string }) => a.code)).toContain('442');
    expect(body.data.commune.arrondissement).toEqual({ code: '442' });
    expect(body.data.mayotte.arrondissement).toBeNull();
  });
});

describe('former communes', () => {
  it('answers a former commune’s code with the commune it belongs to now, listing its former communes', async () => {
    const { body } = await server().graphql(`{
      delegated: commune(code: "50173") { code name formerCommunes { code name kind } }
      merged: commune(code: "27024") { code formerCommunes { code name kind } }
      zone(level: COM, code: "50173") { code name }
      plain: commune(code: "44109") { formerCommunes { code } }
    }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.delegated.code).toBe('50129');
    expect(body.data.delegated.name).toBe('Cherbourg-en-Cotentin');
    expect(body.data.delegated.formerCommunes).toContainEqual({ code: '50173', name: 'Équeurdreville-Hainneville', kind: 'DELEGATED' });
    expect(body.data.merged.code).toBe('27198');
    expect(body.data.merged.formerCommunes).toContainEqual({ code: '27024', name: null, kind: 'MERGED' });
    expect(body.data.zone).toEqual({ code: '50129', name: 'Cherbourg-en-Cotentin' });
    expect(body.data.plain.formerCommunes).toEqual([]);
  });

  it('places a data·inclusion structure geocoded with a former code in today’s commune', async () => {
    const listed = await server().graphql('{ commune(code: "44109") { structures(first: 10) { nodes { id sources } } } }');
    const id = listed.body.data.commune.structures.nodes.find((s: { sources: string[] }) => s.sources.includes('DATA_INCLUSION')).id;
    const token = sandbox().env.DATA_INCLUSION_TOKEN!;
    const raw = await getJson(`${sandbox().urls['data-inclusion']}/api/v1/structures/${id}`, { authorization: `Bearer ${token}` });
    expect(raw.status).toBe(200);
    // The upstream still has the structure under Équeurdreville-Hainneville, merged into Cherbourg-en-Cotentin.
    sandbox().controls.addFault({
      source: 'data-inclusion',
      kind: 'status',
      status: 200,
      path: `^/api/v1/structures/${id}$`,
      body: { ...raw.body, code_insee: '50173' },
    });
    const { body } = await server().graphql(`query($id: ID) { structure(id: $id) { commune { code name } } }`, { id });
    expect(body.errors).toBeUndefined();
    expect(body.data.structure.commune).toEqual({ code: '50129', name: 'Cherbourg-en-Cotentin' });
  });

  it('places a data·inclusion service and a data.gouv.fr dataset zoned on former codes in today’s commune', async () => {
    const token = sandbox().env.DATA_INCLUSION_TOKEN!;
    const listed = await server().graphql(
      '{ commune(code: "44109") { services(first: 1) { nodes { id } } datasets(first: 1) { nodes { id } } } }',
    );
    expect(listed.body.errors).toBeUndefined();
    const serviceId = listed.body.data.commune.services.nodes[0].id;
    const datasetId = listed.body.data.commune.datasets.nodes[0].id;
    const service = await getJson(`${sandbox().urls['data-inclusion']}/api/v1/services/${serviceId}`, { authorization: `Bearer ${token}` });
    const dataset = await getJson(`${sandbox().urls.datagouv}/api/1/datasets/${datasetId}/`);
    expect([service.status, dataset.status]).toEqual([200, 200]);
    sandbox().controls.addFault({
      source: 'data-inclusion',
      kind: 'status',
      status: 200,
      path: `^/api/v1/services/${serviceId}$`,
      body: { ...service.body, code_insee: '50173' },
    });
    // Two former communes of one commune, and a current one: two communes.
    const zones = ['fr:commune:50173', 'fr:commune:50203', 'fr:commune:44109'];
    sandbox().controls.addFault({
      source: 'datagouv',
      kind: 'status',
      status: 200,
      path: `^/api/1/datasets/${datasetId}/$`,
      body: { ...dataset.body, spatial: { ...dataset.body.spatial, zones } },
    });
    const { body } = await server().graphql(
      'query($s: ID!, $d: ID!) { service(id: $s) { commune { code } } dataset(id: $d) { communes { code } } }',
      {
        s: serviceId,
        d: datasetId,
      },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.service.commune).toEqual({ code: '50129' });
    expect(body.data.dataset.communes).toEqual([{ code: '50129' }, { code: '44109' }]);
  });
});

describe('statistics across geography vintages', () => {
  it('sums the additive figures of a commune the cubes predate over its predecessors, and says so', async () => {
    sandbox().controls.resetCounters();
    const { body } = await server().graphql(`{ commune(code: "${YOUNG}") { stats {
      sourceCodes households businessCreations ageGroups { code population } legalPopulation { municipal countedSeparately total } medianIncome
    } } }`);
    expect(body.errors).toBeUndefined();
    const stats = body.data.commune.stats;
    expect(stats.sourceCodes).toEqual(PREDECESSORS);
    // The median is asked for the commune only: no predecessor's income cube is read.
    expect(inseePaths().filter((p) => p.includes('FILO'))).toEqual([
      `/donnees-locales/donnees/geo-INDICS_FILO_DISP@GEO2022FILO2020/COM-${YOUNG}.all`,
    ]);
    const sum = async (path: (code: string) => string, measure: string) => {
      let s = 0;
      for (const code of PREDECESSORS) s += (await total(path(code), measure))!;
      return s;
    };
    expect(stats.households).toBeCloseTo(await sum((c) => `geo-TYPMR@GEO2023RP2020/COM-${c}.all`, 'NBLOG'), 6);
    expect(stats.businessCreations).toBe(await sum((c) => `geo-NA10_HORS_AZ-ENTR_INDIVIDUELLE@GEO2022REE2021/COM-${c}.all.all`, 'NBCRENT'));
    expect(stats.legalPopulation.total).toBe(await sum((c) => `geo-IND_POPLEGALES@POPLEG2020/COM-${c}.all`, 'POPTOT'));
    const ages = stats.ageGroups.reduce((s: number, g: { population: number }) => s + g.population, 0);
    // Each group is a sum of predecessors' cells; the total cells are rounded apart from them.
    expect(ages).toBeCloseTo(await sum((c) => `geo-SEXE-AGE15_15_90@GEO2023RP2020/COM-${c}.all.all`, 'POP'), 3);
    // A median does not add up: null rather than a wrong figure, and no predecessor read for it.
    expect(stats.medianIncome).toBeNull();
    expect(await total(`geo-INDICS_FILO_DISP@GEO2022FILO2020/COM-${YOUNG}.1`, 'MEDIANE')).toBeNull();
  });

  it('reads a commune the cubes know for itself only', async () => {
    sandbox().controls.resetCounters();
    const { body } = await server().graphql('{ commune(code: "50129") { stats { sourceCodes households } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.commune.stats).toEqual({
      sourceCodes: ['50129'],
      households: await total('geo-TYPMR@GEO2023RP2020/COM-50129.all', 'NBLOG'),
    });
    expect(inseePaths().filter((p) => !p.includes('COM-50129'))).toEqual([]);
  });

  it('lists no source when no figure is asked, and the zone itself for the embedded population', async () => {
    const { body } = await server().graphql(`{
      a: commune(code: "44109") { stats { sourceCodes } }
      b: commune(code: "44109") { stats { legalPopulation { municipal } sourceCodes } }
    }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.a.stats.sourceCodes).toEqual([]);
    expect(body.data.b.stats.sourceCodes).toEqual(['44109']);
  });
});

describe('sourceCodes when Insee fails', () => {
  it('leaves the failure to the figure’s field, and counts nothing for it', async () => {
    const own = await startServer(sandbox(), { INSEE_RETRIES: '0' });
    try {
      sandbox().controls.addFault({ source: 'insee', kind: 'status', status: 500, path: 'TYPMR' });
      const both = await own.graphql('{ commune(code: "44115") { stats { households sourceCodes } } }');
      expect(both.body.data.commune.stats).toEqual({ households: null, sourceCodes: [] });
      expect(both.body.errors?.[0]?.path).toEqual(['commune', 'stats', 'households']);
      // Without sourceCodes asked, the failed read must not be left unhandled (vitest fails the run on one).
      const alone = await own.graphql('{ commune(code: "44116") { stats { households } } }');
      expect(alone.body.data.commune.stats.households).toBeNull();
    } finally {
      await own.close();
    }
  });
});

describe('the GraphiQL examples of zones and former codes', () => {
  it('study-zone-stats and former-commune answer, at the Insee calls the README gives (cold caches)', async () => {
    const cold = await startServer(sandbox());
    try {
      sandbox().controls.resetCounters();
      const study = await cold.graphql(example('study-zone-stats'), { level: 'ZE2020', code: '5213' });
      expect(inseePaths()).toHaveLength(3);
      expect(study.body.errors).toBeUndefined();
      expect(study.body.data.zone).toMatchObject({ level: 'ZE2020', code: '5213', name: null, stats: { sourceCodes: ['5213'] } });
      expect(study.body.data.france.stats.households).toBeGreaterThan(0);
      sandbox().controls.resetCounters();
      const former = await cold.graphql(example('former-commune'), { code: '50173' });
      expect(inseePaths()).toHaveLength(1);
      expect(former.body.errors).toBeUndefined();
      expect(former.body.data.commune).toMatchObject({ code: '50129', arrondissement: { code: '502' }, stats: { sourceCodes: ['50129'] } });
    } finally {
      await cold.close();
    }
  });
});
