import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { geography } from '../../geography/index.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { GEOGRAPHY_POPULATION_YEAR } from '../../geography/index.js';
import { LEGAL_POPULATIONS } from '../../sources/melodi/datasets.js';
import type { InseeCube } from '../../sources/insee/schemas.js';
import type { Resolvers } from '../generated/resolvers.js';
import { cubesOfZone, type FigureCube } from './across-vintages.js';
import { cubeFromInsee } from './from-insee.js';
import { melodiCube } from './melodi-cube.js';
import {
  legalPopulation as melodiLegalPopulation,
  readBusinessCreations,
  readHousing,
  readIncome,
  readPopulation,
} from './melodi-stats.js';
import type { StatsZoneModel } from './models.js';
import type { TrackedRead } from './source-codes.js';

/** One figure of another's read: what it read stays tracked; nothing when the other is null. */
async function mapRead<T, U>(read: Promise<TrackedRead<T | null>>, part: (value: T) => U | null): Promise<TrackedRead<U | null>> {
  const found = await read;
  return found.value === null ? { value: null, codes: [] } : { ...found, value: part(found.value) };
}

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
 * A commune's legal population municipale alone (a list of communes, say): the embedded geography
 * carries it, so no `/data` call is spent on it, but only while it is Insee's latest vintage. The
 * catalogue (one cached call, shared by every figure of the request) says which vintage is in
 * force; once Insee publishes a newer one, Melodi's figures are read instead.
 */
async function municipalPopulation(context: GraphQLContext, zone: StatsZoneModel) {
  const latest = await context.loaders.melodi.vintage.load(LEGAL_POPULATIONS);
  if (latest?.period !== String(GEOGRAPHY_POPULATION_YEAR)) return melodiLegalPopulation(context, zone);
  const population = geography().commune(zone.code)?.population;
  if (population === undefined) return { value: null, codes: [] };
  return { value: { year: GEOGRAPHY_POPULATION_YEAR, municipal: population, countedSeparately: 0, total: population }, codes: [zone.code] };
}

/**
 * One zone's statistics: each field reads Melodi (melodi-stats.ts) or, for the deprecated `cube`,
 * one Données locales cube (the loaders batch and cache them), and registers what it read with
 * the zone's `sources`, synchronously, before its first `await` (source-codes.ts).
 */
export const territoryStatsResolvers: Resolvers = {
  TerritoryStats: {
    sourceCodes: (zone) => zone.sources.settled(),
    legalPopulation: (zone, _args, context, info) => {
      const fields = selectedFields(info);
      if (zone.level === 'COM' && !fields.has('countedSeparately') && !fields.has('total')) {
        return zone.sources.track(municipalPopulation(context, zone));
      }
      return zone.sources.track(melodiLegalPopulation(context, zone));
    },
    melodi: (zone, args, context) => zone.sources.track(melodiCube(context, zone, args.dataset, args.filters ?? [])),
    cube: (zone, args, context) => {
      const cube = { dataset: args.dataset, variables: args.variables, modalities: args.modalities ?? undefined };
      // Any cube may hold rates or medians: never summed over predecessors.
      return zone.sources.track(figure(context, zone, cube, false, (cubes) => cubeFromInsee(cubes[0]!)));
    },
    // Deprecated fields, which read Données locales before it froze: Melodi's figures now.
    ageGroups: (zone, _args, context) =>
      zone.sources.track(
        mapRead(readPopulation(context, zone), (p) =>
          p.ageBands.map(({ code, fromAge, toAge, population }) => ({ code, fromAge, toAge, population })),
        ),
      ),
    households: (zone, _args, context) => zone.sources.track(mapRead(readHousing(context, zone), (h) => h.mainResidences)),
    businessCreations: (zone, _args, context) => zone.sources.track(readBusinessCreations(context, zone)),
    medianIncome: (zone, _args, context) => zone.sources.track(mapRead(readIncome(context, zone), (i) => i.medianLivingStandard)),
  },
};
