import { AGE_BANDS, populationIn, profileOf, WORKING_AGE_BANDS } from './profile.js';
import { Random } from '../seed/random.js';
import type { Coverage, Level, Unit, Zone } from './territory.js';

/*
 * The Melodi datasets the sandbox serves, with the vintages the real service has in December
 * 2026 (insee-melodi.md §6): legal populations 2023 in the 2025 geography; the census 2012, 2017
 * and 2023 in the 2026 geography (published July 2026); Filosofi 2021 in the 2025 geography;
 * births and deaths 2008-2025 in the 2025 geography.
 *
 * Every dataset is the full cross product of its zones and its dimensions' codes (`combos`).
 * Each unit's figures are drawn from its profile (profile.ts); a larger zone's are the sum of its
 * units', except for the figures a dataset aggregates otherwise (medians, rates). Figures are
 * held as integers in `1/scale` steps, so sums are exact and print as Insee's decimals.
 */

export interface Dimension {
  code: string;
  values: readonly string[];
}

export interface Dataset {
  id: string;
  geoYear: number;
  coverage: Coverage;
  levels: readonly Level[];
  /** Every dimension but GEO, in the order observations list them. */
  dimensions: readonly Dimension[];
  measure: string;
  scale: number;
  /** Each unit's figures, by combo key (codes joined with `|` in `dimensions` order). */
  cells(unit: Unit): Record<string, number>;
  /** A zone's figures drawn for the zone itself, for datasets that are not built up from communes. */
  zoneCells?(zone: Zone): Record<string, number>;
  /** The zones of its levels the dataset has (all when absent). */
  hasZone?(zone: Zone): boolean;
  /** A zone's figures from its units' (a sum by default). */
  aggregate?(vectors: readonly Float64Array[], combos: readonly string[]): Float64Array;
  /** Whether a zone's figure is not published (small zones), and the attributes of each figure. */
  hidden?(vector: Float64Array, combo: number, combos: readonly string[]): boolean;
  attributes?(combo: readonly string[], hidden: boolean): Record<string, string>;
}

const STUDY_LEVELS: Level[] = ['ZE2020', 'UU2020', 'AAV2020'];
const ALL_LEVELS: Level[] = ['COM', 'ARM', 'ARR', 'EPCI', 'DEP', 'REG', 'FRANCE', ...STUDY_LEVELS];
const CENSUS_YEARS = ['2012', '2017', '2023'];
const key = (...codes: string[]) => codes.join('|');
const round = Math.round;

const popref: Dataset = {
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

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

const rpPopulation: Dataset = {
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

const rpEmployment: Dataset = {
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

const rpHousing: Dataset = {
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

/*
 * Filosofi: medians and poverty rates are not published for small zones (statistical secrecy).
 * How Melodi's JSON writes such a cell is UNCONFIRMED (insee-melodi.md §4.3: `measures` key
 * absent, `{}` or `{"value":null}`). The sandbox keeps the observation, marks it with
 * `CONF_STATUS: "C"` (confidential) and `OBS_STATUS: "O"` (missing value), the codes the
 * catalogue's scope notes give, and writes the measure as `{}`: the service omits empty members
 * (observations without attributes carry no `attributes` key at all), so a null value most
 * likely disappears the same way.
 */
const FILOSOFI_MEASURES = ['NUM_HH', 'MED_SL', 'PR_MD60'];
/** Households below which a figure is secret: medians under 50, poverty rates under 1 000 (a choice of the simulation). */
const SECRET_BELOW: Record<string, number> = { MED_SL: 50, PR_MD60: 1000 };
const FILOSOFI_SCALE = 10;

const filosofi: Dataset = {
  id: 'DS_FILOSOFI_CC',
  geoYear: 2025,
  coverage: 'FMMR',
  levels: ALL_LEVELS,
  dimensions: [
    { code: 'FREQ', values: ['A'] },
    { code: 'TIME_PERIOD', values: ['2021'] },
    { code: 'FILOSOFI_MEASURE', values: FILOSOFI_MEASURES },
  ],
  measure: 'OBS_VALUE_NIVEAU',
  scale: FILOSOFI_SCALE,
  cells(unit) {
    const p = profileOf(unit);
    return {
      [key('A', '2021', 'NUM_HH')]: round(populationIn(unit, 2021) / p.householdSize) * FILOSOFI_SCALE,
      [key('A', '2021', 'MED_SL')]: round(p.median / 10) * 10 * FILOSOFI_SCALE,
      [key('A', '2021', 'PR_MD60')]: round(p.povertyRate * FILOSOFI_SCALE),
    };
  },
  aggregate(vectors, combos) {
    const [hh, median, rate] = ['NUM_HH', 'MED_SL', 'PR_MD60'].map((m) => combos.indexOf(key('A', '2021', m)));
    const out = new Float64Array(combos.length);
    const households = sum(vectors.map((v) => v[hh!]!));
    const weighted = (i: number) => sum(vectors.map((v) => v[i]! * v[hh!]!)) / Math.max(households, 1);
    out[hh!] = households;
    out[median!] = round(weighted(median!) / (10 * FILOSOFI_SCALE)) * 10 * FILOSOFI_SCALE;
    out[rate!] = round(weighted(rate!));
    return out;
  },
  hidden(vector, combo, combos) {
    const measure = combos[combo]!.split('|')[2]!;
    const households = vector[combos.indexOf(key('A', '2021', 'NUM_HH'))]! / FILOSOFI_SCALE;
    return households < (SECRET_BELOW[measure] ?? 0);
  },
  attributes(combo, hidden) {
    const measure = combo[2]!;
    return {
      UNIT_MEASURE: measure === 'NUM_HH' ? 'HH' : measure === 'MED_SL' ? 'EUR_YR' : 'PT',
      UNIT_MULT: '0',
      CONF_STATUS: hidden ? 'C' : 'F',
      OBS_STATUS: hidden ? 'O' : 'A',
    };
  },
};

const VITAL_YEARS = Array.from({ length: 2025 - 2008 + 1 }, (_, i) => String(2008 + i));

function vitalEvents(id: string, measure: 'LVB' | 'DTH'): Dataset {
  return {
    id,
    geoYear: 2025,
    coverage: 'FE',
    levels: ALL_LEVELS,
    dimensions: [
      { code: 'FREQ', values: ['A'] },
      { code: 'TIME_PERIOD', values: VITAL_YEARS },
      { code: 'EC_MEASURE', values: [measure] },
    ],
    measure: 'OBS_VALUE_NIVEAU',
    scale: 1,
    cells(unit) {
      const p = profileOf(unit);
      const rate = measure === 'LVB' ? p.birthRate : p.deathRate;
      const out: Record<string, number> = {};
      for (const year of VITAL_YEARS) {
        out[key('A', year, measure)] = round(populationIn(unit, Number(year)) * rate * (1 + 25 * p.noise(Number(year))));
      }
      return out;
    },
  };
}

/*
 * The consumer price index, a dataset the product does not read: it is here because Insee's own
 * client was recorded on it (data_DS_IPC_PRINC_DEP-974_*), with its other measure name
 * (`OBS_VALUE_INDICE_DE_PRIX`), its attributes and its monthly periods. Overseas departments and
 * France only; base 2025 = 100.
 */
const IPC_MONTHS = Array.from({ length: 23 }, (_, i) => `${2025 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
const IPC_GROUPS = ['4000', '4001', '4002'];
const ipc: Dataset = {
  id: 'DS_IPC_PRINC',
  geoYear: 2025,
  coverage: 'FE',
  levels: ['DEP', 'FRANCE'],
  hasZone: (zone) => (zone.level === 'FRANCE' ? zone.code === 'F' : zone.code.length === 3),
  dimensions: [
    { code: 'SEASONAL_ADJUST', values: ['N'] },
    { code: 'BASE_PER', values: ['2025'] },
    { code: 'PRODUCT_GROUP', values: IPC_GROUPS },
    { code: 'COICOP_2018', values: ['_Z'] },
    { code: 'IDX_TYPE', values: ['CPI'] },
    { code: 'TPH_CPI', values: ['_T'] },
    { code: 'FREQ', values: ['M'] },
    { code: 'TIME_PERIOD', values: IPC_MONTHS },
    { code: 'UNIT_MEASURE', values: ['IX'] },
    { code: 'IND_TYPE', values: ['IX'] },
  ],
  measure: 'OBS_VALUE_INDICE_DE_PRIX',
  scale: 100,
  cells: () => ({}),
  zoneCells(zone) {
    const out: Record<string, number> = {};
    for (const group of IPC_GROUPS) {
      const r = new Random(`melodi:ipc:${zone.code}:${group}`);
      const monthly = 0.0005 + 0.003 * r.next();
      IPC_MONTHS.forEach((month, i) => {
        const index = 100 * Math.pow(1 + monthly, i - 5.5) * (1 + 0.004 * (r.next() - 0.5));
        out[key('N', '2025', group, '_Z', 'CPI', '_T', 'M', month, 'IX', 'IX')] = round(index * 100);
      });
    }
    return out;
  },
  attributes: () => ({ OBS_STATUS: 'A', DECIMALS: '2', CONF_STATUS: 'F' }),
};

export const DATASETS: readonly Dataset[] = [
  ipc,
  popref,
  rpPopulation,
  rpEmployment,
  rpHousing,
  filosofi,
  vitalEvents('DS_ETAT_CIVIL_NAIS_COMMUNES', 'LVB'),
  vitalEvents('DS_ETAT_CIVIL_DECES_COMMUNES', 'DTH'),
];

const byId = new Map(DATASETS.map((d) => [d.id, d]));

export function datasetById(id: string): Dataset | undefined {
  return byId.get(id);
}
