import type { Sandbox } from '../../sandbox/index.js';
import { getJson } from '../helpers/sandbox.js';

/*
 * Melodi's figures read straight from the simulator, the way Insee means them: the row with the
 * codes asked, every other breakdown at its total `_T`.
 */

/** Dimensions that describe a row rather than break it down. */
const DESCRIPTIVE = new Set(['GEO', 'TIME_PERIOD', 'FREQ']);

/** The latest period the simulator's catalogue gives a dataset. */
export async function latestPeriod(sandbox: Sandbox, dataset: string): Promise<string> {
  const { body } = await getJson(`${sandbox.env.MELODI_URL}/catalog/all`);
  return body.find((d: { identifier: string }) => d.identifier === dataset).temporal.endPeriod.slice(0, 4);
}

/**
 * One figure of one zone (`COM-44109`, `DEP-2A`, `ZE2020-5213`…) in the dataset's latest period:
 * undefined where the zone has no such row, null where its value is withheld.
 */
export async function published(
  sandbox: Sandbox,
  dataset: string,
  geo: string,
  wanted: Record<string, string>,
): Promise<number | null | undefined> {
  const period = await latestPeriod(sandbox, dataset);
  const filters = Object.entries(wanted)
    .map(([dimension, code]) => `&${dimension}=${code}`)
    .join('');
  const { body } = await getJson(`${sandbox.env.MELODI_URL}/data/${dataset}?GEO=${geo}&TIME_PERIOD=${period}${filters}`);
  const row = body.observations.find((o: { dimensions: Record<string, string> }) =>
    Object.entries(o.dimensions).every(([d, code]) => DESCRIPTIVE.has(d) || (d in wanted ? wanted[d] === code : code === '_T')),
  );
  if (!row) return undefined;
  return (Object.values(row.measures ?? {})[0] as { value?: number } | undefined)?.value ?? null;
}

/** The figures the deprecated typed fields read now. */
export const households = (sandbox: Sandbox, geo: string) =>
  published(sandbox, 'DS_RP_LOGEMENT_PRINC', geo, { RP_MEASURE: 'DWELLINGS', OCS: 'DW_MAIN' });
export const censusPopulation = (sandbox: Sandbox, geo: string) =>
  published(sandbox, 'DS_RP_POPULATION_PRINC', geo, { RP_MEASURE: 'POP', SEX: '_T', AGE: '_T' });
export const medianIncome = (sandbox: Sandbox, geo: string) => published(sandbox, 'DS_FILOSOFI_CC', geo, { FILOSOFI_MEASURE: 'MED_SL' });
export const legalPopulation = (sandbox: Sandbox, geo: string, measure: 'PMUN' | 'PCAP' | 'PTOT') =>
  published(sandbox, 'DS_POPULATIONS_REFERENCE', geo, { POPREF_MEASURE: measure });
/** Business creations: SIDE serves its measure as a dimension of its own, every breakdown else at `_T`. */
export const businessCreations = (sandbox: Sandbox, geo: string) =>
  published(sandbox, 'DS_SIDE_CREA_ENT_COM', geo, { SIDE_MEASURE: 'BURE' });
