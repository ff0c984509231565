import type { GraphQLContext } from '../../graphql/context.js';
import {
  BIRTHS,
  BUSINESS_CREATIONS,
  CENSUS_EMPLOYMENT,
  CENSUS_HOUSING,
  CENSUS_POPULATION,
  DEATHS,
  INCOME,
  LEGAL_POPULATIONS,
} from '../../sources/melodi/datasets.js';
import type { MelodiRow } from '../../sources/melodi/observations.js';
import type { Resolvers } from '../generated/resolvers.js';
import { ageBandsOf, percent, sumOf, valueOf } from './melodi-figures.js';
import { rowsOfZone, type FigureSource, type ZoneRows } from './melodi-zone.js';
import type { StatsZoneModel } from './models.js';
import type { TrackedRead } from './source-codes.js';

/*
 * The typed figures read from Melodi, each from its dataset's latest vintage (the catalogue's),
 * each query fixed so that every zone of a department shares one cached answer.
 */
const LEGAL: FigureSource = { dataset: LEGAL_POPULATIONS, filters: [['POPREF_MEASURE', ['PMUN', 'PCAP', 'PTOT']]], period: 'latest' };
const POPULATION: FigureSource = {
  dataset: CENSUS_POPULATION,
  // Every age code the dataset serves: the bands are chosen from them (ageBandsOf).
  filters: [
    ['RP_MEASURE', ['POP']],
    ['SEX', ['_T', 'M', 'F']],
  ],
  period: 'latest',
};
const EMPLOYMENT: FigureSource = {
  dataset: CENSUS_EMPLOYMENT,
  // EMPSTA_ENQ: 1 employed, 2 unemployed, 1T2 active, _T every resident of the age.
  filters: [
    ['RP_MEASURE', ['POP']],
    ['SEX', ['_T']],
    ['AGE', ['Y15T64']],
    ['EMPSTA_ENQ', ['1', '2', '1T2', '_T']],
  ],
  period: 'latest',
};
const HOUSING: FigureSource = {
  dataset: CENSUS_HOUSING,
  filters: [
    ['RP_MEASURE', ['DWELLINGS']],
    ['OCS', ['_T', 'DW_MAIN', 'DW_SEC_DW_OCC', 'DW_VAC']],
  ],
  period: 'latest',
};
const INCOME_SOURCE: FigureSource = { dataset: INCOME, filters: [['FILOSOFI_MEASURE', ['MED_SL', 'PR_MD60', 'NUM_HH']]], period: 'latest' };
const birthsIn = (period: string): FigureSource => ({ dataset: BIRTHS, filters: [['EC_MEASURE', ['LVB']]], period });
const deathsIn = (period: string): FigureSource => ({ dataset: DEATHS, filters: [['EC_MEASURE', ['DTH']]], period });

/** A figure made from a zone's rows, with what it read; nothing read when nothing stands for the zone. */
async function figure<T>(
  context: GraphQLContext,
  zone: StatsZoneModel,
  source: FigureSource,
  additive: boolean,
  make: (found: ZoneRows) => T | null,
): Promise<TrackedRead<T | null>> {
  const found = await rowsOfZone(context, zone, source, additive);
  if (!found) return { value: null, codes: [] };
  const value = make(found);
  return { value, codes: value === null ? [] : found.codes, datasets: value === null ? [] : [found.provenance] };
}

const yearOf = (found: ZoneRows) => Number(found.provenance.period);

/** Legal populations: municipal, counted separately, total; null unless all three are published. */
export function legalPopulation(context: GraphQLContext, zone: StatsZoneModel) {
  return figure(context, zone, LEGAL, true, (found) => {
    const [municipal, countedSeparately, total] = ['PMUN', 'PCAP', 'PTOT'].map((m) => sumOf(found.sets, LEGAL, { POPREF_MEASURE: m }));
    if (municipal == null || countedSeparately == null || total == null) return null;
    return {
      year: yearOf(found),
      municipal: Math.round(municipal),
      countedSeparately: Math.round(countedSeparately),
      total: Math.round(total),
    };
  });
}

function population(found: ZoneRows) {
  const sum = (wanted: Record<string, string>) => sumOf(found.sets, POPULATION, wanted);
  const ages = found.sets.flatMap((rows: readonly MelodiRow[]) => rows.map((r) => r.dimensions.AGE ?? ''));
  return {
    year: yearOf(found),
    total: sum({ SEX: '_T', AGE: '_T' }),
    men: sum({ SEX: 'M', AGE: '_T' }),
    women: sum({ SEX: 'F', AGE: '_T' }),
    ageBands: ageBandsOf(ages).map((band) => ({ ...band, population: sum({ SEX: '_T', AGE: band.code }) })),
  };
}

function employment(found: ZoneRows) {
  const sum = (status: string) => sumOf(found.sets, EMPLOYMENT, { EMPSTA_ENQ: status });
  const employed = sum('1');
  const unemployed = sum('2');
  const active = sum('1T2') ?? (employed !== null && unemployed !== null ? employed + unemployed : null);
  // Rates from the sums, never rates summed.
  return {
    year: yearOf(found),
    activePopulation: active,
    employed,
    unemployed,
    unemploymentRate: percent(unemployed, active),
    activityRate: percent(active, sum('_T')),
  };
}

function housing(found: ZoneRows) {
  const sum = (occupancy: string) => sumOf(found.sets, HOUSING, { OCS: occupancy });
  return {
    year: yearOf(found),
    dwellings: sum('_T'),
    mainResidences: sum('DW_MAIN'),
    secondaryResidences: sum('DW_SEC_DW_OCC'),
    vacantDwellings: sum('DW_VAC'),
  };
}

/** Medians and rates do not add up: read for the zone itself only (`additive: false`). */
function income(found: ZoneRows) {
  const rows = found.sets[0]!;
  const value = (measure: string) => valueOf(rows, INCOME_SOURCE, { FILOSOFI_MEASURE: measure });
  return {
    year: yearOf(found),
    medianLivingStandard: value('MED_SL'),
    povertyRate: value('PR_MD60'),
    households: value('NUM_HH'),
  };
}

/**
 * Births and deaths of one year: the latest both datasets publish (their releases may differ by
 * a year), so that the two figures describe the same year.
 */
async function vitalEvents(
  context: GraphQLContext,
  zone: StatsZoneModel,
): Promise<TrackedRead<{ year: number; births: number | null; deaths: number | null } | null>> {
  const [births, deaths] = await Promise.all([BIRTHS, DEATHS].map((d) => context.loaders.melodi.vintage.load(d)));
  if (!births || !deaths) return { value: null, codes: [] };
  const year = String(Math.min(Number(births.period), Number(deaths.period)));
  // EC_MEASURE is filtered to one code: the row wanted names no other dimension.
  const count = (source: FigureSource) => figure(context, zone, source, true, (found) => sumOf(found.sets, source, {}));
  const [b, d] = await Promise.all([count(birthsIn(year)), count(deathsIn(year))]);
  if (b.value === null && d.value === null) return { value: null, codes: [] };
  return {
    value: { year: Number(year), births: b.value, deaths: d.value },
    codes: [...new Set([...b.codes, ...d.codes])],
    datasets: [...(b.datasets ?? []), ...(d.datasets ?? [])],
  };
}

/** Each typed figure's read, for its field and for the deprecated fields that now read it too. */
export const readPopulation = (context: GraphQLContext, zone: StatsZoneModel) => figure(context, zone, POPULATION, true, population);
export const readHousing = (context: GraphQLContext, zone: StatsZoneModel) => figure(context, zone, HOUSING, true, housing);
export const readIncome = (context: GraphQLContext, zone: StatsZoneModel) => figure(context, zone, INCOME_SOURCE, false, income);

/**
 * Business creations of the latest year (DS_SIDE_CREA_ENT_COM): the row whose every breakdown
 * (activity, legal form…) is at its total `_T`. SIDE serves its measure as a dimension,
 * SIDE_MEASURE, never at `_T`: filtered to firms' creations, `BURE`.
 */
const CREATIONS: FigureSource = { dataset: BUSINESS_CREATIONS, filters: [['SIDE_MEASURE', ['BURE']]], period: 'latest' };
export const readBusinessCreations = (context: GraphQLContext, zone: StatsZoneModel) =>
  figure(context, zone, CREATIONS, true, (found) => {
    const sum = sumOf(found.sets, CREATIONS, {});
    return sum === null ? null : Math.round(sum);
  });

export const melodiStatsResolvers: Resolvers = {
  TerritoryStats: {
    population: (zone, _args, context) => zone.sources.track(readPopulation(context, zone)),
    employment: (zone, _args, context) => zone.sources.track(figure(context, zone, EMPLOYMENT, true, employment)),
    housing: (zone, _args, context) => zone.sources.track(readHousing(context, zone)),
    income: (zone, _args, context) => zone.sources.track(readIncome(context, zone)),
    vitalEvents: (zone, _args, context) => zone.sources.track(vitalEvents(context, zone)),
    provenance: (zone) => zone.sources.provenance(),
  },
};
