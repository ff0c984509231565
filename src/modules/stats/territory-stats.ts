import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { geography } from '../../geography/index.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { BUSINESS_REGISTER, CENSUS, GEOGRAPHY_POPULATION_YEAR, INCOME } from '../../sources/insee/datasets.js';
import { cellValue } from '../../sources/insee/cells.js';
import type { InseeCube } from '../../sources/insee/schemas.js';
import type { Resolvers } from '../generated/resolvers.js';
import { cubesOfZone, sumOver, type FigureCube } from './across-vintages.js';
import { cubeFromInsee } from './from-insee.js';
import { melodiCube } from './melodi-cube.js';
import { legalPopulation as melodiLegalPopulation } from './melodi-stats.js';
import type { StatsZoneModel } from './models.js';

// An array, not an object: "15", "30"… are integer-like keys, which objects put before "00".
const AGE_BOUNDS: [string, number, number | null][] = [
  ['00', 0, 14],
  ['15', 15, 29],
  ['30', 30, 44],
  ['45', 45, 59],
  ['60', 60, 74],
  ['75', 75, 89],
  ['90', 90, null],
];

/** A figure and the zone codes whose cubes gave it (none when nothing answered). */
interface Read<T> {
  value: T | null;
  codes: readonly string[];
}

/**
 * One figure of a zone: `value` read from each cube standing for it and summed (additive
 * figures over a commune's predecessors where the cube's geography predates it; see
 * across-vintages.ts), or read from the zone's own cube only (non-additive figures).
 */
async function figure<T>(
  context: GraphQLContext,
  zone: StatsZoneModel,
  cube: FigureCube,
  additive: boolean,
  value: (cubes: readonly InseeCube[]) => T | null,
): Promise<Read<T>> {
  const found = await cubesOfZone(context, zone, cube, additive);
  if (!found) return { value: null, codes: [] };
  const read = value(found.cubes);
  return { value: read, codes: read === null ? [] : found.codes };
}

/** The total cell of one measure (every variable at its total: `ENS`, or an indicator's only modality). */
const total =
  (measure: string) =>
  (cubes: readonly InseeCube[]): number | null =>
    sumOver(cubes, (cube) => cellValue(cube, measure, {}));

/** Names of the fields selected under the current field, fragments included. */
function selectedFields(info: GraphQLResolveInfo): Set<string> {
  const names = new Set<string>();
  const walk = (set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === 'Field') names.add(selection.name.value);
      else if (selection.kind === 'InlineFragment') walk(selection.selectionSet);
      else walk(info.fragments[selection.name.value]?.selectionSet);
    }
  };
  for (const node of info.fieldNodes) walk(node.selectionSet);
  return names;
}

/**
 * One zone's statistics: each field reads one Insee cube (the loader batches and caches them)
 * and registers the zone codes it read with the zone's `sources`, synchronously, before its first
 * `await` (source-codes.ts).
 */
export const territoryStatsResolvers: Resolvers = {
  TerritoryStats: {
    sourceCodes: (zone) => zone.sources.settled(),
    legalPopulation: (zone, _args, context, info) => {
      const fields = selectedFields(info);
      // The embedded geography carries Insee's latest legal population municipale: asking only
      // for it (a list of communes, say) costs no call against Insee's 30-a-minute quota.
      if (zone.level === 'COM' && !fields.has('countedSeparately') && !fields.has('total')) {
        const population = geography().commune(zone.code)?.population;
        return population === undefined
          ? null
          : zone.sources.track(
              Promise.resolve({
                value: { year: GEOGRAPHY_POPULATION_YEAR, municipal: population, countedSeparately: 0, total: population },
                codes: [zone.code],
              }),
            );
      }
      return zone.sources.track(melodiLegalPopulation(context, zone));
    },
    melodi: (zone, args, context) => zone.sources.track(melodiCube(context, zone, args.dataset, args.filters ?? [])),
    cube: (zone, args, context) => {
      const cube = { dataset: args.dataset, variables: args.variables, modalities: args.modalities ?? undefined };
      // Any cube may hold rates or medians: never summed over predecessors.
      return zone.sources.track(figure(context, zone, cube, false, (cubes) => cubeFromInsee(cubes[0]!)));
    },
    ageGroups: (zone, _args, context) =>
      zone.sources.track(
        figure(context, zone, { dataset: CENSUS, variables: ['SEXE', 'AGE15_15_90'] }, true, (cubes) =>
          AGE_BOUNDS.map(([code, fromAge, toAge]) => ({
            code,
            fromAge,
            toAge,
            population: sumOver(cubes, (cube) => cellValue(cube, 'POP', { SEXE: 'ENS', AGE15_15_90: code })),
          })),
        ),
      ),
    households: (zone, _args, context) =>
      zone.sources.track(figure(context, zone, { dataset: CENSUS, variables: ['TYPMR'] }, true, total('NBLOG'))),
    businessCreations: (zone, _args, context) =>
      zone.sources.track(
        figure(context, zone, { dataset: BUSINESS_REGISTER, variables: ['NA10_HORS_AZ', 'ENTR_INDIVIDUELLE'] }, true, total('NBCRENT')),
      ),
    // A median does not add up: read for the zone itself only, null where its cube is missing.
    medianIncome: (zone, _args, context) =>
      zone.sources.track(figure(context, zone, { dataset: INCOME, variables: ['INDICS_FILO_DISP'] }, false, total('MEDIANE'))),
  },
};
