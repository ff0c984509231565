import { describe, expect, it } from 'vitest';
import { geography } from '../../src/geography/index.js';
import { getJson, useSandbox } from '../helpers/sandbox.js';
import { useServer } from '../helpers/server.js';

const sandbox = useSandbox();
const server = useServer(sandbox);

/** The total cell of a measure, read straight from the sandbox. */
async function total(path: string, measure: string): Promise<number> {
  const { body } = await getJson(`${sandbox().urls.insee}/donnees-locales/donnees/${path}`);
  const cell = body.Cellule.find((c: any) => c.Mesure.code === measure && c.Modalite.every((m: any) => m.code === 'ENS'));
  return Number(cell.Valeur);
}

/** The value of the one cell of a measure in an indicator cube, read straight from the sandbox's answer. */
function single(body: any, measure: string): number {
  const cells = body.Cellule.filter((c: any) => c.Mesure.code === measure);
  expect(cells).toHaveLength(1);
  return Number(cells[0].Valeur);
}

const STATS = '{ ageGroups { code fromAge toAge population } households businessCreations medianIncome legalPopulation { year total } }';

describe('typed Insee statistics', () => {
  it('give a commune’s age groups, households, business creations and median income, as Insee publishes them', async () => {
    const { body } = await server().graphql(`{ commune(code: "44109") { stats ${STATS} } }`);
    expect(body.errors).toBeUndefined();
    const stats = body.data.commune.stats;
    expect(stats.ageGroups.map((g: { code: string }) => g.code)).toEqual(['00', '15', '30', '45', '60', '75', '90']);
    expect(stats.ageGroups[6]).toMatchObject({ fromAge: 90, toAge: null });
    const population = await total('geo-SEXE-AGE15_15_90@GEO2023RP2020/COM-44109.all.all', 'POP');
    expect(stats.ageGroups.reduce((sum: number, g: { population: number }) => sum + g.population, 0)).toBeCloseTo(population, 3);
    expect(stats.households).toBe(await total('geo-TYPMR@GEO2023RP2020/COM-44109.all', 'NBLOG'));
    expect(stats.businessCreations).toBe(await total('geo-NA10_HORS_AZ-ENTR_INDIVIDUELLE@GEO2022REE2021/COM-44109.all.all', 'NBCRENT'));
    expect(stats.medianIncome).toBeGreaterThan(10_000);
  });

  it('answer for departments and EPCI too, with legal population for communes only', async () => {
    const { body } = await server().graphql(
      `{ department(code: "2A") { stats ${STATS} } commune(code: "44109") { epci { stats { households } } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.department.stats.legalPopulation).toBeNull();
    expect(body.data.department.stats.households).toBe(await total('geo-TYPMR@GEO2023RP2020/DEP-2A.all', 'NBLOG'));
    expect(body.data.commune.epci.stats.households).toBeGreaterThan(100_000);
  });

  it('read the indicator cubes, which Insee codes by their only modality `1`: legal population and median income', async () => {
    const { body } = await server().graphql(
      '{ commune(code: "44109") { stats { legalPopulation { year municipal countedSeparately total } medianIncome } } }',
    );
    expect(body.errors).toBeUndefined();
    const stats = body.data.commune.stats;
    const legal = await getJson(`${sandbox().urls.insee}/donnees-locales/donnees/geo-IND_POPLEGALES@POPLEG2020/COM-44109.all`);
    expect(stats.legalPopulation).toEqual({
      year: 2020,
      municipal: single(legal.body, 'POPMUN'),
      countedSeparately: single(legal.body, 'POPCAP'),
      total: single(legal.body, 'POPTOT'),
    });
    const income = await getJson(`${sandbox().urls.insee}/donnees-locales/donnees/geo-INDICS_FILO_DISP@GEO2022FILO2020/COM-44109.all`);
    expect(stats.medianIncome).toBe(single(income.body, 'MEDIANE'));
    expect(stats.medianIncome).toBeGreaterThan(10_000);
  });

  it('spend one Insee call on a commune’s legal population, of the newest vintage known to be published', async () => {
    sandbox().controls.resetCounters();
    const { body } = await server().graphql(
      '{ commune(code: "44020") { stats { legalPopulation { municipal countedSeparately total } } } }',
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.commune.stats.legalPopulation.total).toBeGreaterThan(0);
    expect(
      sandbox()
        .controls.requests('insee')
        .map((r) => r.path),
    ).toEqual(['/donnees-locales/donnees/geo-IND_POPLEGALES@POPLEG2020/COM-44020.all']);
  });

  it('spend one call too where Insee lacks the legal population, never walking older vintages', async () => {
    sandbox().controls.addFault({ source: 'insee', kind: 'status', status: 404, path: 'IND_POPLEGALES' });
    const { body } = await server().graphql('{ commune(code: "44184") { stats { legalPopulation { total } } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.commune.stats.legalPopulation).toBeNull();
    expect(sandbox().controls.count('insee')).toBe(1);
  });

  it('are null, without error, where Insee does not publish the cube (small communes, Mayotte)', async () => {
    const tiny = geography().communes.find((c) => c.departmentCode === '48' && (c.population ?? 0) < 100)!;
    const { body } = await server().graphql(
      `{ tiny: commune(code: "${tiny.code}") { stats { medianIncome } } mayotte: commune(code: "97611") { stats { ageGroups { code } } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.tiny.stats.medianIncome).toBeNull();
    expect(body.data.mayotte.stats.ageGroups).toBeNull();
  });
});
