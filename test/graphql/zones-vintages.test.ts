import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geography } from '../../src/geography/index.js';
import { getJson, useSandbox } from '../helpers/sandbox.js';
import { households, legalPopulation, medianIncome } from './melodi-published.js';
import { example, startServer, type TestServer } from '../helpers/server.js';

// Zones of every level cost one Melodi call each: the quotas and the per-request budget are
// raised so that the figures, not the rationing, are under test.
const sandbox = useSandbox({ inseeQuota: { limit: 1000, windowMs: 60_000 }, melodiQuota: { limit: 1000, windowMs: 60_000 } });
let running: TestServer | undefined;
beforeAll(async () => {
  running = await startServer(sandbox(), {
    INSEE_RATE_LIMIT: '1000/60s',
    INSEE_REQUEST_BUDGET: '100',
    MELODI_RATE_LIMIT: '1000/60s',
    MELODI_REQUEST_BUDGET: '100',
    // The Melodi simulator builds each dataset's territories on first use, in this process,
    // blocking its loop a second or two: load shedding (tested on its own) would refuse the next
    // request.
  });
});
afterAll(async () => running?.close());
const server = () => running!;

/**
 * The commune the sandbox plays as created after the 2025 geography of some Melodi datasets (the
 * legal populations, Filosofi; the 2023 census is in the 2026 geography, which knows it), and its
 * five predecessors.
 */
const YOUNG = '25223';
const PREDECESSORS = ['25010', '25168', '25205', '25484', '25533'];

function melodiPaths(): string[] {
  return sandbox()
    .controls.requests('melodi')
    .filter((r) => r.path.includes('/data/'))
    .map((r) => `${r.path}?${r.query}`);
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
    expect(d.arm.stats.households).toBe(await households(sandbox(), 'ARM-75111'));
    expect(d.arr).toMatchObject({ level: 'ARR', code: '442', name: geography().arrondissement('442')!.name });
    expect(d.arr.stats.households).toBe(await households(sandbox(), 'ARR-442'));
    expect([d.epci.name, d.dep.name, d.reg.name, d.fe.name]).toEqual(['Nantes Métropole', 'Corse-du-Sud', 'Pays de la Loire', 'France']);
    expect(d.france).toMatchObject({ level: 'FE', code: '1', name: 'France' });
    expect(d.unknown).toBeNull();
    expect(d.france.stats.households).toBe(await households(sandbox(), 'FRANCE-F'));
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
    expect(body.data.ze.stats).toEqual({ households: await households(sandbox(), 'ZE2020-5213'), sourceCodes: ['5213'] });
    expect(body.data.ze.stats.households).toBeGreaterThan(0);
    expect(body.data.uu.stats.businessCreations).toBeGreaterThan(0);
    expect(body.data.aav.stats.households).toBe(await households(sandbox(), 'AAV2020-008'));
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
  it('sums the additive figures of a commune a dataset’s geography predates over its predecessors, and says so', async () => {
    sandbox().controls.resetCounters();
    const { body } = await server().graphql(`{ commune(code: "${YOUNG}") { stats {
      sourceCodes households legalPopulation { municipal countedSeparately total } medianIncome
    } } }`);
    expect(body.errors).toBeUndefined();
    const stats = body.data.commune.stats;
    // The legal populations (2025 geography) from its predecessors, the census (2026) its own.
    expect(stats.sourceCodes).toEqual([...PREDECESSORS, YOUNG].sort());
    let total = 0;
    for (const code of PREDECESSORS) total += (await legalPopulation(sandbox(), `COM-${code}`, 'PTOT'))!;
    expect(stats.legalPopulation.total).toBe(total);
    expect(stats.households).toBe(await households(sandbox(), `COM-${YOUNG}`));
    // A median does not add up: null rather than a wrong figure (Filosofi's geography is 2025).
    expect(stats.medianIncome).toBeNull();
    expect(await medianIncome(sandbox(), `COM-${YOUNG}`)).toBeUndefined();
  });

  it('reads a commune the datasets know for itself only', async () => {
    sandbox().controls.resetCounters();
    const { body } = await server().graphql('{ commune(code: "50129") { stats { sourceCodes households } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.commune.stats).toEqual({ sourceCodes: ['50129'], households: await households(sandbox(), 'COM-50129') });
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

describe('sourceCodes when Melodi fails', () => {
  it('leaves the failure to the figure’s field, and counts nothing for it', async () => {
    const own = await startServer(sandbox(), { MELODI_RETRIES: '0' });
    try {
      sandbox().controls.addFault({ source: 'melodi', kind: 'status', status: 500, path: 'DS_RP_LOGEMENT_PRINC' });
      const both = await own.graphql('{ commune(code: "44115") { stats { households sourceCodes } } }');
      expect(both.body.data.commune.stats).toEqual({ households: null, sourceCodes: [] });
      expect(both.body.errors?.[0]?.path).toEqual(['commune', 'stats', 'households']);
      // Without sourceCodes asked, the failed read must not be left unhandled (vitest fails the run on one).
      const alone = await own.graphql('{ commune(code: "49007") { stats { households } } }');
      expect(alone.body.data.commune.stats.households).toBeNull();
    } finally {
      await own.close();
    }
  });
});

describe('the GraphiQL examples of zones and former codes', () => {
  it('study-zone-stats and former-commune answer, at the Melodi calls the README gives (cold caches)', async () => {
    const cold = await startServer(sandbox());
    try {
      sandbox().controls.resetCounters();
      const study = await cold.graphql(example('study-zone-stats'), { level: 'ZE2020', code: '5213' });
      // Households of the zone and of France, business creations of the zone.
      expect(melodiPaths()).toHaveLength(3);
      expect(study.body.errors).toBeUndefined();
      expect(study.body.data.zone).toMatchObject({ level: 'ZE2020', code: '5213', name: null, stats: { sourceCodes: ['5213'] } });
      expect(study.body.data.france.stats.households).toBeGreaterThan(0);
      sandbox().controls.resetCounters();
      const former = await cold.graphql(example('former-commune'), { code: '50173' });
      expect(melodiPaths()).toHaveLength(1);
      expect(former.body.errors).toBeUndefined();
      expect(former.body.data.commune).toMatchObject({ code: '50129', arrondissement: { code: '502' }, stats: { sourceCodes: ['50129'] } });
    } finally {
      await cold.close();
    }
  });
});
