import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { geography, type Commune } from '../../geography/index.js';
import { BUSINESS_REGISTER, CENSUS, GEOGRAPHY_POPULATION_YEAR, INCOME } from '../../sources/insee/datasets.js';
import { cellValue, cubeFromInsee } from '../../sources/insee/mapping.js';
import type { GraphQLContext } from '../context.js';
import { guardConnection, reportPartialFailure } from '../errors.js';
import type { ZoneModel } from '../models.js';
import type { Resolvers } from '../generated/resolvers.js';
import { connection, sliceConnection, windowOf } from '../pagination.js';
import { territoryStructures } from '../structures.js';
import { datasetsConnection } from './dataset.js';
import { formationsConnection } from './formation.js';
import { searchConnection } from './service.js';

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

function communeList(codes: readonly string[]): Commune[] {
  return codes.map((code) => geography().commune(code)).filter((c): c is Commune => c !== undefined);
}

export const territoryResolvers: Resolvers = {
  Query: {
    commune: (_parent, { code }) => geography().commune(code) ?? null,
    communes: (_parent, args) => {
      const g = geography();
      let found: readonly Commune[] = args.search
        ? g.searchCommunes(args.search)
        : args.postalCode
          ? g.communesOfPostalCode(args.postalCode)
          : args.department
            ? g.communesOfDepartment(args.department)
            : g.communes;
      if (args.postalCode) found = found.filter((c) => c.postalCodes.includes(args.postalCode!));
      if (args.department) found = found.filter((c) => c.departmentCode === args.department);
      return sliceConnection(found, windowOf(args));
    },
    department: (_parent, { code }) => geography().department(code) ?? null,
    region: (_parent, { code }) => geography().region(code) ?? null,
  },

  Commune: {
    department: (commune) => geography().department(commune.departmentCode)!,
    region: (commune) => geography().region(commune.regionCode)!,
    epci: (commune) => (commune.epciCode ? (geography().epci(commune.epciCode) ?? null) : null),
    parent: (commune) => (commune.parentCode ? (geography().commune(commune.parentCode) ?? null) : null),
    arrondissements: (commune) => [...geography().arrondissementsOf(commune.code)],
    postalCodes: (commune) => [...commune.postalCodes],
    population: (commune) => commune.population ?? null,
    stats: (commune) => ({ level: 'COM', code: commune.code }),
    structures: (commune, args, context, info) =>
      guardConnection(context, info, async () =>
        sliceConnection(
          await territoryStructures(context, { commune }, { sources: args.sources }, (e) => reportPartialFailure(context, info, e)),
          windowOf(args),
        ),
      ),
    services: (commune, args, context, info) =>
      guardConnection(context, info, () => searchConnection(context, commune.code, args.themes ?? undefined, windowOf(args))),
    formations: (commune, args, context, info) =>
      guardConnection(context, info, () =>
        commune.zone === 'com'
          ? Promise.resolve(connection([], 0, windowOf(args)))
          : formationsConnection(
              context,
              { regions: [commune.regionCode], millesimes: args.millesime ? [args.millesime] : undefined },
              windowOf(args),
            ),
      ),
    datasets: (commune, args, context, info) =>
      guardConnection(context, info, () => datasetsConnection(context, { geozone: `fr:commune:${commune.code}` }, windowOf(args))),
  },

  Department: {
    region: (department) => geography().region(department.regionCode)!,
    chefLieu: (department) => geography().commune(department.chefLieu) ?? null,
    stats: (department) => ({ level: 'DEP', code: department.code }),
  },

  Region: {
    departments: (region) => geography().departments.filter((d) => d.regionCode === region.code),
    stats: (region) => ({ level: 'REG', code: region.code }),
  },

  Epci: {
    kind: (epci) => epci.type,
    members: (epci) => communeList(epci.memberCodes),
    stats: (epci) => ({ level: 'EPCI', code: epci.code }),
  },

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
