import { filterOf, type Args, type Calls, type FieldCost, type ModuleCosts } from '../../graphql/upstream-cost.js';
import { geography } from '../../geography/index.js';
import { upstreamListsRead } from './sources-read.js';

export const isMarcheId = (id: unknown) => typeof id === 'string' && id.startsWith('marche--');

/** Which upstream lists a structure list reads, from its arguments as they come to the pricing. */
function structureSources(sources: unknown, siaeKinds?: unknown): { inclusion: boolean; marche: boolean } {
  return upstreamListsRead({ sources: Array.isArray(sources) ? sources : null, siaeKinds: Array.isArray(siaeKinds) ? siaeKinds : null });
}

/** A region's structures read the Marché department by department. */
function departmentsOfRegion(region: unknown): number {
  return typeof region === 'string' ? Math.max(1, geography().departments.filter((d) => d.regionCode === region).length) : 1;
}

/**
 * A territory's structures: data·inclusion's list, and the Marché's list of each department,
 * read to merge them or, when the Marché is left out, to look up the structures' SIAE (one list
 * per department, whatever the number of structures).
 */
function territoryStructures(args: Args): Calls {
  const filter = filterOf(args);
  if (typeof filter.siret === 'string') return { lemarche: 1, 'data-inclusion': 1 };
  const { inclusion } = structureSources(filter.sources, filter.siaeKinds);
  return { 'data-inclusion': inclusion ? 1 : 0, lemarche: departmentsOfRegion(filter.region) };
}

const siaeLookup: FieldCost = { calls: (_args, loaded) => ({ lemarche: loaded.siae ? 0 : 1 }) };

/** A territory's structures come merged with their Marché SIAE. */
export const structureCosts: ModuleCosts = {
  fields: {
    'Query.structure': {
      calls: (args) => (isMarcheId(args.id) ? { lemarche: 1 } : { 'data-inclusion': 1, lemarche: args.siret ? 1 : 0 }),
    },
    'Query.structures': { calls: territoryStructures, loads: () => ({ siae: true }) },
    'Commune.structures': {
      calls: (args) => ({ 'data-inclusion': structureSources(args.sources).inclusion ? 1 : 0, lemarche: 1 }),
      loads: () => ({ siae: true }),
    },
    'Structure.siae': siaeLookup,
    'Structure.website': siaeLookup,
  },
  entities: {
    Structure: { calls: (representation) => (isMarcheId(representation.id) ? { lemarche: 1 } : { 'data-inclusion': 1 }) },
  },
};
