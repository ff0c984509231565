import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { geography } from '../../src/geography/index.js';
import { getJson, useSandbox } from '../helpers/sandbox.js';
import { example, startServer, type TestServer } from '../helpers/server.js';

// Melodi's 30 calls a minute would make this file wait minutes: the quotas are raised here (the
// quota itself is tested with the sandbox's).
const QUOTA = { limit: 10_000, windowMs: 60_000 };
const sandbox = useSandbox({ melodiQuota: QUOTA });
// The simulator builds each dataset's territories on first use, blocking this process's loop a
// second or two: load shedding (tested on its own) would refuse the next request.
const ENV = { MELODI_RATE_LIMIT: `${QUOTA.limit}/60s` };
let shared: TestServer | undefined;
beforeAll(async () => {
  shared = await startServer(sandbox(), ENV);
});
afterAll(async () => {
  await shared?.close();
});
const server = () => shared!;

/** A dataset's figures for one zone, straight from the simulator: `{ "<measure code>": value }`. */
async function published(dataset: string, geo: string, dimension: string, filters = ''): Promise<Record<string, number | null>> {
  const { body } = await getJson(`${sandbox().env.MELODI_URL}/data/${dataset}?GEO=${geo}${filters}`);
  return Object.fromEntries(
    body.observations.map((o: any) => [o.dimensions[dimension], (Object.values(o.measures ?? {})[0] as any)?.value ?? null]),
  );
}

/** The latest period the simulator's catalogue gives a dataset. */
async function latestPeriod(dataset: string): Promise<string> {
  const { body } = await getJson(`${sandbox().env.MELODI_URL}/catalog/all`);
  return body.find((d: any) => d.identifier === dataset).temporal.endPeriod.slice(0, 4);
}

/** The Melodi requests the simulator received, as `<dataset>?<query>`. */
function melodiCalls(): string[] {
  return sandbox()
    .controls.requests('melodi')
    .map((r) => `${r.path.replace('/melodi/', '')}?${r.query}`);
}

const dataCalls = () => melodiCalls().filter((c) => c.startsWith('data/'));
const datasetOf = (call: string) => call.split('?')[0]!.replace('data/', '');

describe('commune statistics from Melodi', () => {
  let fresh: TestServer | undefined;
  afterEach(async () => {
    await fresh?.close();
    fresh = undefined;
  });

  it('gives Nantes the legal populations of the latest vintage, its municipal one the geography’s', async () => {
    const { body } = await server().graphql(example('commune-statistics'), { code: '44109' });
    expect(body.errors).toBeUndefined();
    const period = await latestPeriod('DS_POPULATIONS_REFERENCE');
    const legal = await published('DS_POPULATIONS_REFERENCE', 'COM-44109', 'POPREF_MEASURE', `&TIME_PERIOD=${period}`);
    expect(body.data.commune.stats.legalPopulation).toEqual({
      year: Number(period),
      municipal: legal.PMUN,
      countedSeparately: legal.PCAP,
      total: legal.PTOT,
    });
    expect(legal.PMUN).toBe(geography().commune('44109')!.population);
  });

  it('reads a cold commune-statistics query in one /data call per dataset, the department’s communes together', async () => {
    fresh = await startServer(sandbox(), ENV);
    sandbox().controls.resetCounters();
    const { body } = await fresh.graphql(example('commune-statistics'), { code: '44109' });
    expect(body.errors).toBeUndefined();
    const calls = dataCalls();
    const datasets = calls.map(datasetOf);
    expect(new Set(datasets).size).toBe(datasets.length);
    expect(datasets.sort()).toEqual(body.data.commune.stats.provenance.map((p: { dataset: string }) => p.dataset).sort());
    for (const call of calls) expect(call).toContain('GEO=DEP-44*COM');
    expect(melodiCalls().filter((c) => c.startsWith('catalog/'))).toHaveLength(1);
    // The EPCI's legal population is its communes', from the same department call.
    expect(body.data.commune.epci.stats.legalPopulation.total).toBeGreaterThan(body.data.commune.stats.legalPopulation.total);

    sandbox().controls.resetCounters();
    const next = await fresh.graphql(example('commune-statistics'), { code: '44184' });
    expect(next.body.errors).toBeUndefined();
    expect(next.body.data.commune.stats.legalPopulation.total).toBeGreaterThan(0);
    expect(dataCalls()).toEqual([]);
  });

  it('reads a department’s communes with their legal populations in one /data call', async () => {
    fresh = await startServer(sandbox(), ENV);
    sandbox().controls.resetCounters();
    const { body } = await fresh.graphql(
      '{ communes(department: "53", first: 100) { nodes { code stats { legalPopulation { year municipal total } } } } }',
    );
    expect(body.errors).toBeUndefined();
    const nodes = body.data.communes.nodes;
    expect(nodes.length).toBeGreaterThan(50);
    for (const node of nodes) expect(node.stats.legalPopulation.total).toBeGreaterThanOrEqual(node.stats.legalPopulation.municipal);
    expect(dataCalls()).toHaveLength(1);
    expect(dataCalls()[0]).toContain('GEO=DEP-53*COM');
  });

  it('sums an EPCI’s legal population from its communes (no EPCI level) and says so; reads a department’s as published', async () => {
    const { body } = await server().graphql(
      '{ commune(code: "44109") { epci { stats { legalPopulation { total } provenance { dataset summedFrom geographyYear } } } } department(code: "44") { stats { legalPopulation { total } provenance { summedFrom } } } }',
    );
    expect(body.errors).toBeUndefined();
    const period = await latestPeriod('DS_POPULATIONS_REFERENCE');
    const members = geography().epci('244400404')!.memberCodes;
    let sum = 0;
    for (const code of members)
      sum += (await published('DS_POPULATIONS_REFERENCE', `COM-${code}`, 'POPREF_MEASURE', `&TIME_PERIOD=${period}`)).PTOT!;
    expect(body.data.commune.epci.stats.legalPopulation.total).toBe(sum);
    expect(body.data.commune.epci.stats.provenance).toEqual([
      { dataset: 'DS_POPULATIONS_REFERENCE', summedFrom: 'EPCI-244400404*COM', geographyYear: expect.any(Number) },
    ]);
    const department = await published('DS_POPULATIONS_REFERENCE', 'DEP-44', 'POPREF_MEASURE', `&TIME_PERIOD=${period}`);
    expect(body.data.department.stats.legalPopulation.total).toBe(department.PTOT);
    expect(body.data.department.stats.provenance).toEqual([{ summedFrom: null }]);
  });

  it('sums a commune created after a dataset’s geography from its predecessors, and names them', async () => {
    const { body } = await server().graphql(
      '{ commune(code: "25223") { stats { legalPopulation { municipal total } sourceCodes provenance { dataset geographyYear } } } }',
    );
    expect(body.errors).toBeUndefined();
    const stats = body.data.commune.stats;
    const predecessors = geography()
      .formerCommunesOf('25223')
      .map((f) => f.code)
      .filter((c) => c !== '25223');
    const period = await latestPeriod('DS_POPULATIONS_REFERENCE');
    let sum = 0;
    for (const code of predecessors) {
      sum += (await published('DS_POPULATIONS_REFERENCE', `COM-${code}`, 'POPREF_MEASURE', `&TIME_PERIOD=${period}`)).PMUN ?? 0;
    }
    expect(sum).toBeGreaterThan(0);
    expect(stats.legalPopulation.municipal).toBe(sum);
    expect(stats.sourceCodes).toEqual(expect.arrayContaining(predecessors.filter((c) => stats.sourceCodes.includes(c))));
    expect(stats.sourceCodes).not.toContain('25223');
    expect(stats.provenance).toEqual([{ dataset: 'DS_POPULATIONS_REFERENCE', geographyYear: expect.any(Number) }]);
  });

  it('keeps Insee’s totals and rates: employment rates from the counts, never summed; housing by occupancy', async () => {
    const { body } = await server().graphql(example('commune-statistics'), { code: '44109' });
    const { employment, housing, population } = body.data.commune.stats;
    expect(employment.unemploymentRate).toBeCloseTo((100 * employment.unemployed) / employment.activePopulation, 1);
    expect(employment.activePopulation).toBeCloseTo(employment.employed + employment.unemployed, 3);
    expect(housing.dwellings).toBeCloseTo(housing.mainResidences + housing.secondaryResidences + housing.vacantDwellings, 3);
    expect(population.men + population.women).toBeCloseTo(population.total, 3);
    const bands = population.ageBands as { fromAge: number; toAge: number | null; population: number }[];
    expect(bands[0]!.fromAge).toBe(0);
    expect(bands.at(-1)!.toAge).toBeNull();
    for (let i = 1; i < bands.length; i++) expect(bands[i]!.fromAge).toBe(bands[i - 1]!.toAge! + 1);
    expect(bands.reduce((s, b) => s + b.population, 0)).toBeCloseTo(population.total, 3);
  });

  it('answers null, never 0, where Insee does not publish a figure (a small commune’s median)', async () => {
    const small = geography().communes.find(
      (c) => c.kind === 'commune' && c.zone === 'metro' && c.population! >= 50 && c.population! <= 70,
    )!;
    const { body } = await server().graphql(
      `{ commune(code: "${small.code}") { stats { income { medianLivingStandard povertyRate households } } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.commune.stats.income.medianLivingStandard).toBeNull();
    expect(body.data.commune.stats.income.povertyRate).toBeNull();
    expect(body.data.commune.stats.income.households).toBeGreaterThan(0);
  });

  it.each(['44109', '75056', '75101', '2A004', '97411', '97611', '25223', '01001'])(
    'runs the commune-statistics query without errors for %s',
    async (code) => {
      const { body } = await server().graphql(example('commune-statistics'), { code });
      expect(body.errors).toBeUndefined();
      expect(body.data.commune.code).toBe(code);
    },
  );
});

describe('melodi(dataset:, filters:)', () => {
  it('gives any dataset’s observations for the zone, filtered, with their periods and statuses', async () => {
    const { body } = await server().graphql(
      '{ commune(code: "44109") { stats { melodi(dataset: "DS_RP_POPULATION_PRINC", filters: [{ dimension: "SEX", codes: ["_T"] }, { dimension: "AGE", codes: ["_T"] }]) { dataset title observations { dimensions { dimension code } measure value } } provenance { dataset } } } }',
    );
    expect(body.errors).toBeUndefined();
    const cube = body.data.commune.stats.melodi;
    expect(cube.dataset).toBe('DS_RP_POPULATION_PRINC');
    expect(cube.title).toEqual(expect.any(String));
    expect(cube.observations.length).toBeGreaterThan(0);
    for (const o of cube.observations) {
      const dims = Object.fromEntries(o.dimensions.map((d: any) => [d.dimension, d.code]));
      expect(dims).toMatchObject({ SEX: '_T', AGE: '_T' });
      expect(dims).not.toHaveProperty('GEO');
      expect(dims.TIME_PERIOD).toMatch(/^\d{4}$/);
    }
    expect(body.data.commune.stats.provenance).toEqual([{ dataset: 'DS_RP_POPULATION_PRINC' }]);
  });

  it('answers null for a dataset the catalogue does not list, without asking Melodi for it (it would answer 500)', async () => {
    sandbox().controls.resetCounters();
    const { body } = await server().graphql('{ commune(code: "44109") { stats { melodi(dataset: "DS_NEXISTEPAS") { dataset } } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.commune.stats.melodi).toBeNull();
    expect(dataCalls()).toEqual([]);
  });

  it('refuses GEO as a filter and malformed codes before any call', async () => {
    for (const filters of ['[{ dimension: "GEO", codes: ["COM-75056"] }]', '[{ dimension: "SEX", codes: ["_T&GEO=COM"] }]']) {
      const { body } = await server().graphql(
        `{ commune(code: "44109") { stats { melodi(dataset: "DS_RP_POPULATION_PRINC", filters: ${filters}) { dataset } } } }`,
      );
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});
