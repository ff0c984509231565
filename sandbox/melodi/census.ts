import { AGE_BANDS, populationIn, profileOf, WORKING_AGE_BANDS } from './profile.js';
import { ALL_LEVELS, key, sum, type Dataset } from './dataset.js';
import type { Unit } from './territory.js';

/*
 * The census: legal populations (DS_POPULATIONS_REFERENCE, 2023 in the 2025 geography, the
 * geography's own population as PMUN) and the main census datasets (2012, 2017 and 2023 in the
 * 2026 geography, published July 2026), all grown from the same commune profiles.
 */

const CENSUS_YEARS = ['2012', '2017', '2023'];
const round = Math.round;

export const popref: Dataset = {
  id: 'DS_POPULATIONS_REFERENCE',
  geoYear: 2025,
  coverage: 'FEHM',
  // No EPCI nor study zoning level: `EPCI-…*COM` still lists an EPCI's communes.
  levels: ['COM', 'ARM', 'ARR', 'DEP', 'REG', 'FRANCE'],
  dimensions: [
    { code: 'FREQ', values: ['A'] },
    { code: 'TIME_PERIOD', values: ['2023'] },
    { code: 'POPREF_MEASURE', values: ['PMUN', 'PTOT', 'PCAP'] },
  ],
  measure: 'OBS_VALUE_NIVEAU',
  scale: 1,
  cells(unit) {
    const pcap = round(unit.population * profileOf(unit).countedApart);
    return {
      [key('A', '2023', 'PMUN')]: unit.population,
      [key('A', '2023', 'PCAP')]: pcap,
      [key('A', '2023', 'PTOT')]: unit.population + pcap,
    };
  },
};

/** Census counts are weighted estimates: four decimals. */
const CENSUS_SCALE = 10_000;

/** The census population of a unit by year, sex (F, M) and age band, in 1/10 000 persons. */
function censusPopulation(unit: Unit, year: number): { F: number[]; M: number[] } {
  const p = profileOf(unit);
  const total = populationIn(unit, year) * (1 + p.noise(year)) * CENSUS_SCALE;
  const F = p.ageShares.map((share, i) => round(total * share * p.femaleShares[i]!));
  const M = p.ageShares.map((share, i) => round(total * share * (1 - p.femaleShares[i]!)));
  return { F, M };
}

export const rpPopulation: Dataset = {
  id: 'DS_RP_POPULATION_PRINC',
  geoYear: 2026,
  coverage: 'FEHM',
  levels: ALL_LEVELS,
  dimensions: [
    { code: 'FREQ', values: ['A'] },
    { code: 'TIME_PERIOD', values: CENSUS_YEARS },
    { code: 'SEX', values: ['F', 'M', '_T'] },
    { code: 'AGE', values: ['_T', ...AGE_BANDS] },
    { code: 'RP_MEASURE', values: ['POP'] },
  ],
  measure: 'OBS_VALUE_NIVEAU',
  scale: CENSUS_SCALE,
  cells(unit) {
    const out: Record<string, number> = {};
    for (const year of CENSUS_YEARS) {
      const { F, M } = censusPopulation(unit, Number(year));
      const T = F.map((f, i) => f + M[i]!);
      for (const [sex, bands] of [
        ['F', F],
        ['M', M],
        ['_T', T],
      ] as const) {
        out[key('A', year, sex, '_T', 'POP')] = sum(bands);
        AGE_BANDS.forEach((age, i) => (out[key('A', year, sex, age, 'POP')] = bands[i]!));
      }
    }
    return out;
  },
  attributes: () => ({ OBS_STATUS: 'A' }),
};

export const rpEmployment: Dataset = {
  id: 'DS_RP_EMPLOI_LR_PRINC',
  geoYear: 2026,
  coverage: 'FEHM',
  levels: ALL_LEVELS,
  dimensions: [
    { code: 'FREQ', values: ['A'] },
    { code: 'TIME_PERIOD', values: CENSUS_YEARS },
    { code: 'SEX', values: ['_T'] },
    { code: 'AGE', values: ['Y15T64'] },
    { code: 'EDUC', values: ['_T'] },
    { code: 'EMPSTA_ENQ', values: ['1', '2', '1T2', '_T'] },
    { code: 'RP_MEASURE', values: ['POP'] },
  ],
  measure: 'OBS_VALUE_NIVEAU',
  scale: CENSUS_SCALE,
  cells(unit) {
    const p = profileOf(unit);
    const out: Record<string, number> = {};
    for (const year of CENSUS_YEARS) {
      const { F, M } = censusPopulation(unit, Number(year));
      // The census population's 15-64 year-olds (both sexes): the field of every status.
      const all = sum(AGE_BANDS.map((age, i) => (WORKING_AGE_BANDS.includes(age) ? F[i]! + M[i]! : 0)));
      const active = round(all * p.activity);
      const unemployed = round(active * p.unemployment);
      const cell = (status: string, value: number) => (out[key('A', year, '_T', 'Y15T64', '_T', status, 'POP')] = value);
      cell('1', active - unemployed);
      cell('2', unemployed);
      cell('1T2', active);
      cell('_T', all);
    }
    return out;
  },
  attributes: () => ({ OBS_STATUS: 'A' }),
};

export const rpHousing: Dataset = {
  id: 'DS_RP_LOGEMENT_PRINC',
  geoYear: 2026,
  coverage: 'FEHM',
  levels: ALL_LEVELS,
  dimensions: [
    { code: 'FREQ', values: ['A'] },
    { code: 'TIME_PERIOD', values: CENSUS_YEARS },
    { code: 'OCS', values: ['_T', 'DW_MAIN', 'DW_SEC_DW_OCC', 'DW_VAC'] },
    { code: 'TDW', values: ['_T'] },
    { code: 'TSH', values: ['_T'] },
    { code: 'RP_MEASURE', values: ['DWELLINGS'] },
  ],
  measure: 'OBS_VALUE_NIVEAU',
  scale: CENSUS_SCALE,
  cells(unit) {
    const p = profileOf(unit);
    const out: Record<string, number> = {};
    for (const year of CENSUS_YEARS) {
      const { F, M } = censusPopulation(unit, Number(year));
      const main = round((sum(F) + sum(M)) / p.householdSize);
      const secondary = round(main * p.secondaryHomes);
      const vacant = round(main * p.vacantHomes);
      const cell = (ocs: string, value: number) => (out[key('A', year, ocs, '_T', '_T', 'DWELLINGS')] = value);
      cell('_T', main + secondary + vacant);
      cell('DW_MAIN', main);
      cell('DW_SEC_DW_OCC', secondary);
      cell('DW_VAC', vacant);
    }
    return out;
  },
  attributes: () => ({ OBS_STATUS: 'A' }),
};
