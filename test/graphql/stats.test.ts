import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geography } from '../../src/geography/index.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { getJson, useSandbox } from '../helpers/sandbox.js';
import { businessCreations, censusPopulation, households, latestPeriod, legalPopulation, medianIncome } from './melodi-published.js';

/*
 * The typed statistics that read Données locales before it froze (ageGroups, households,
 * businessCreations, medianIncome: deprecated) read Melodi's current figures now, like the
 * legal population; only `cube` still reads Données locales.
 */
const sandbox = useSandbox({ melodiQuota: { limit: 1000, windowMs: 60_000 } });
let running: TestServer | undefined;
beforeAll(async () => {
  // The simulator builds each dataset's territories on first use, blocking this process's loop.
  running = await startServer(sandbox(), { MELODI_RATE_LIMIT: '1000/60s' });
});
afterAll(async () => running?.close());
const server = () => running!;

const STATS = '{ ageGroups { code fromAge toAge population } households businessCreations medianIncome legalPopulation { year total } }';

describe('typed Insee statistics, from Melodi', () => {
  it('give a commune’s age groups, households and median income as Melodi publishes them, and no Données locales call', async () => {
    sandbox().controls.resetCounters();
    const { body } = await server().graphql(`{ commune(code: "44109") { stats ${STATS} } }`);
    expect(body.errors).toBeUndefined();
    const stats = body.data.commune.stats;
    expect(stats.ageGroups[0]).toMatchObject({ fromAge: 0 });
    expect(stats.ageGroups.at(-1)).toMatchObject({ toAge: null });
    const ages = stats.ageGroups.reduce((sum: number, g: { population: number }) => sum + g.population, 0);
    expect(ages).toBeCloseTo((await censusPopulation(sandbox(), 'COM-44109'))!, 3);
    expect(stats.households).toBe(await households(sandbox(), 'COM-44109'));
    expect(stats.medianIncome).toBe(await medianIncome(sandbox(), 'COM-44109'));
    expect(stats.medianIncome).toBeGreaterThan(10_000);
    expect(stats.businessCreations).toBe(await businessCreations(sandbox(), 'COM-44109'));
    expect(sandbox().controls.count('insee')).toBe(0);
  });

  it('answer for departments and EPCI too, legal populations included', async () => {
    const { body } = await server().graphql(
      `{ department(code: "2A") { stats ${STATS} } commune(code: "44109") { epci { stats { households legalPopulation { total } } } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.department.stats.legalPopulation.total).toBe(await legalPopulation(sandbox(), 'DEP-2A', 'PTOT'));
    expect(body.data.department.stats.households).toBe(await households(sandbox(), 'DEP-2A'));
    expect(body.data.commune.epci.stats.households).toBe(await households(sandbox(), 'EPCI-244400404'));
    expect(body.data.commune.epci.stats.legalPopulation.total).toBeGreaterThan(500_000);
  });

  it('are null, without error, where Insee does not publish them (small communes, Mayotte)', async () => {
    const tiny = geography().communes.find((c) => c.departmentCode === '48' && (c.population ?? 0) < 60)!;
    const { body } = await server().graphql(
      `{ tiny: commune(code: "${tiny.code}") { stats { medianIncome } } mayotte: commune(code: "97611") { stats { ageGroups { code } } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.tiny.stats.medianIncome).toBeNull();
    expect(body.data.mayotte.stats.ageGroups).toBeNull();
  });

  it('give business creations of the latest year, a department’s the sum of its communes’', async () => {
    const { body } = await server().graphql(
      '{ commune(code: "44109") { stats { businessCreations } } department(code: "44") { stats { businessCreations } } }',
    );
    expect(body.errors).toBeUndefined();
    const commune = body.data.commune.stats.businessCreations;
    expect(commune).toBe(await businessCreations(sandbox(), 'COM-44109'));
    expect(commune / geography().commune('44109')!.population!).toBeGreaterThan(0.005);
    const period = await latestPeriod(sandbox(), 'DS_SIDE_CREA_ENT_COM');
    const { body: communes } = await getJson(
      `${sandbox().env.MELODI_URL}/data/DS_SIDE_CREA_ENT_COM?GEO=DEP-44*COM&TIME_PERIOD=${period}&ACTIVITY=_T&LEGAL_FORM=_T`,
    );
    const sum = communes.observations.reduce(
      (total: number, o: { measures: { OBS_VALUE_NIVEAU: { value: number } } }) => total + o.measures.OBS_VALUE_NIVEAU.value,
      0,
    );
    expect(communes.observations.length).toBe(
      geography()
        .communesOfDepartment('44')
        .filter((c) => c.kind === 'commune').length,
    );
    expect(body.data.department.stats.businessCreations).toBe(sum);
  });
});
