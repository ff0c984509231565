import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { geography } from '../../geography/index.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { BUSINESS_REGISTER, CENSUS, GEOGRAPHY_POPULATION_YEAR, INCOME } from '../../sources/insee/datasets.js';
import { cellValue } from '../../sources/insee/cells.js';
import type { Resolvers } from '../generated/resolvers.js';
import { cubeFromInsee } from './from-insee.js';
import type { ZoneModel } from './models.js';

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

/**
 * The total cell of one measure of a cube (every variable at its total: `ENS`, or the only
 * modality of an indicator such as INDICS_FILO_DISP), null when the zone lacks the cube.
 */
async function totalOf(
  context: GraphQLContext,
  zone: ZoneModel,
  dataset: string,
  variables: string[],
  measure: string,
): Promise<number | null> {
  const cube = await context.loaders.insee.cube.load({ dataset, variables, level: zone.level, code: zone.code });
  return cube ? cellValue(cube, measure, {}) : null;
}

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

/** One zone's statistics: each field reads one Insee cube (the loader batches and caches them). */
export const territoryStatsResolvers: Resolvers = {
  TerritoryStats: {
    legalPopulation: async (zone, _args, context, info) => {
      if (zone.level !== 'COM') return null;
      const fields = selectedFields(info);
      // The embedded geography carries Insee's latest legal population municipale: asking only
      // for it (a list of communes, say) costs no call against Insee's 30-a-minute quota.
      if (!fields.has('countedSeparately') && !fields.has('total')) {
        const population = geography().commune(zone.code)?.population;
        return population === undefined
          ? null
          : { year: GEOGRAPHY_POPULATION_YEAR, municipal: population, countedSeparately: 0, total: population };
      }
      return context.loaders.insee.legalPopulation.load(zone);
    },
    cube: async (zone, args, context) => {
      const found = await context.loaders.insee.cube.load({
        dataset: args.dataset,
        variables: args.variables,
        modalities: args.modalities ?? undefined,
        level: zone.level,
        code: zone.code,
      });
      return found ? cubeFromInsee(found) : null;
    },
    ageGroups: async (zone, _args, context) => {
      const cube = await context.loaders.insee.cube.load({
        dataset: CENSUS,
        variables: ['SEXE', 'AGE15_15_90'],
        level: zone.level,
        code: zone.code,
      });
      if (!cube) return null;
      return AGE_BOUNDS.map(([code, fromAge, toAge]) => ({
        code,
        fromAge,
        toAge,
        population: cellValue(cube, 'POP', { SEXE: 'ENS', AGE15_15_90: code }),
      }));
    },
    households: (zone, _args, context) => totalOf(context, zone, CENSUS, ['TYPMR'], 'NBLOG'),
    businessCreations: (zone, _args, context) =>
      totalOf(context, zone, BUSINESS_REGISTER, ['NA10_HORS_AZ', 'ENTR_INDIVIDUELLE'], 'NBCRENT'),
    medianIncome: (zone, _args, context) => totalOf(context, zone, INCOME, ['INDICS_FILO_DISP'], 'MEDIANE'),
  },
};
