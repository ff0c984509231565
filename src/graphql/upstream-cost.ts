import type { FieldNode } from 'graphql';
import { geography } from '../geography/index.js';
import type { SourceName } from '../sources/names.js';

/**
 * What each GraphQL field costs in upstream calls: the one table the estimate before execution
 * reads (upstream-budget.ts), and the cost limit's weights (protection.ts). Worst case, cold
 * cache: a cached answer costs nothing at run time, but the estimate cannot know which are. Fields
 * not listed are free (the embedded geography, mapped values); lists multiply their items' cost
 * (by `first`, by `_entities`' representations, or by their longest, `listSize`).
 *
 * Where a list's items find something already loaded, it says so in `Loaded` for their fields:
 * a territory's structures come merged with their Marché SIAE, services found around a commune
 * come with their structure. A structure's services come from one data·inclusion detail per
 * structure (`structures(first: 50) { nodes { services } }` is 51 calls), an Insee statistic is
 * one cube per zone. Not counted: a commune's additive statistic read from its former communes'
 * cubes when its own cube does not know it (one call per predecessor, rare): the budget's count at
 * run time bounds those.
 */
export type Calls = Partial<Record<SourceName, number>>;

/** What a list's items already carry, so that their fields cost nothing more. */
export interface Loaded {
  /** A structure's Marché SIAE (a territory's structures are merged with them, or find them in its departments' lists). */
  siae?: boolean;
  /** A service's structure (services found around a commune carry it). */
  structure?: boolean;
}

type Args = Record<string, unknown>;

/**
 * Cost points of one call of each source (MAX_COST, protection.ts), by how scarce its quota is:
 * an Insee call is one of 30 a minute, the others' limits are per second.
 */
const CALL_POINTS: Readonly<Record<SourceName, number>> = { insee: 100, 'data-inclusion': 10, lemarche: 10, inserjeunes: 10, datagouv: 10 };

export function callPoints(calls: Calls): number {
  return Object.entries(calls).reduce((sum, [source, n]) => sum + CALL_POINTS[source as SourceName] * n, 0);
}

export interface FieldCost {
  calls(args: Args, loaded: Loaded, node: FieldNode): Calls;
  /** What the field's items carry, for their own fields. */
  loads?(args: Args): Loaded;
}

/** A page of an upstream list: one read, two when `after` falls inside an upstream page. */
const pages = (args: Args) => (typeof args.after === 'string' ? 2 : 1);
const isMarcheId = (id: unknown) => typeof id === 'string' && id.startsWith('marche--');
const filterOf = (args: Args) => (args.filter ?? {}) as Record<string, unknown>;

/** Which structure sources a list reads: both unless `sources` narrows them (SIAE kinds need the Marché). */
function structureSources(sources: unknown, siaeKinds?: unknown): { inclusion: boolean; marche: boolean } {
  const asked = Array.isArray(sources) && sources.length > 0 ? (sources as string[]) : ['DATA_INCLUSION', 'MARCHE'];
  return {
    inclusion: asked.includes('DATA_INCLUSION'),
    marche: asked.includes('MARCHE') || (Array.isArray(siaeKinds) && siaeKinds.length > 0),
  };
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

/** `legalPopulation { municipal }` reads the embedded geography; `countedSeparately` or `total` ask Insee. */
function legalPopulationCalls(node: FieldNode): number {
  const fields = node.selectionSet?.selections ?? [];
  const free = fields.every((s) => s.kind === 'Field' && ['municipal', 'year', '__typename'].includes(s.name.value));
  return free ? 0 : 1;
}

const insee: FieldCost = { calls: () => ({ insee: 1 }) };
const siaeLookup: FieldCost = { calls: (_args, loaded) => ({ lemarche: loaded.siae ? 0 : 1 }) };

export const FIELD_COSTS: Readonly<Record<string, FieldCost>> = {
  'Query.structure': { calls: (args) => (isMarcheId(args.id) ? { lemarche: 1 } : { 'data-inclusion': 1, lemarche: args.siret ? 1 : 0 }) },
  'Query.structures': { calls: territoryStructures, loads: () => ({ siae: true }) },
  'Commune.structures': {
    calls: (args) => ({ 'data-inclusion': structureSources(args.sources).inclusion ? 1 : 0, lemarche: 1 }),
    loads: () => ({ siae: true }),
  },
  'Structure.siae': siaeLookup,
  'Structure.website': siaeLookup,
  'Structure.services': { calls: () => ({ 'data-inclusion': 1 }) },

  'Query.service': { calls: () => ({ 'data-inclusion': 1 }), loads: () => ({ structure: true }) },
  'Query.services': {
    calls: (args) => {
      const filter = filterOf(args);
      if (typeof filter.structure === 'string') return isMarcheId(filter.structure) ? { lemarche: 1 } : { 'data-inclusion': 1 };
      return { 'data-inclusion': pages(args) };
    },
    loads: (args) => ({ structure: typeof filterOf(args).commune === 'string' }),
  },
  'Commune.services': { calls: (args) => ({ 'data-inclusion': pages(args) }), loads: () => ({ structure: true }) },
  'Service.structure': { calls: (_args, loaded) => ({ 'data-inclusion': loaded.structure ? 0 : 1 }) },

  // Without a millésime, the newest one listed is asked again when the default has no figures.
  'Query.formation': { calls: (args) => ({ inserjeunes: typeof args.millesime === 'string' ? 1 : 2 }) },
  'Query.formations': { calls: (args) => ({ inserjeunes: pages(args) }) },
  'Commune.formations': { calls: (args) => ({ inserjeunes: pages(args) }) },

  'Query.dataset': { calls: () => ({ datagouv: 1 }) },
  'Query.datasets': {
    // An organization given by slug is resolved to its id first.
    calls: (args) => {
      const organization = filterOf(args).organization;
      const bySlug = typeof organization === 'string' && !/^[0-9a-f]{24}$/.test(organization);
      return { datagouv: pages(args) + (bySlug ? 1 : 0) };
    },
  },
  'Commune.datasets': { calls: (args) => ({ datagouv: pages(args) }) },
  'Dataset.discussions': { calls: (args) => ({ datagouv: pages(args) }) },
  'Mutation.createDataset': { calls: () => ({ datagouv: 1 }) },
  'Mutation.updateDataset': { calls: () => ({ datagouv: 1 }) },

  'TerritoryStats.legalPopulation': { calls: (_args, _loaded, node) => ({ insee: legalPopulationCalls(node) }) },
  'TerritoryStats.cube': insee,
  'TerritoryStats.ageGroups': insee,
  'TerritoryStats.households': insee,
  'TerritoryStats.businessCreations': insee,
  'TerritoryStats.medianIncome': insee,
};

/** What resolving one federation entity reference costs, by its type. */
export function referenceCalls(representation: Record<string, unknown>): Calls {
  switch (representation.__typename) {
    case 'Structure':
      return isMarcheId(representation.id) ? { lemarche: 1 } : { 'data-inclusion': 1 };
    case 'Service':
      return { 'data-inclusion': 1 };
    case 'Dataset':
      return { datagouv: 1 };
    case 'Formation':
      return { inserjeunes: 1 };
    default:
      return {};
  }
}

/** What a reference's entity carries (a service read by id carries its structure). */
export function referenceLoads(typename: unknown): Loaded {
  return typename === 'Service' ? { structure: true } : {};
}

/**
 * The longest each list without `first` can be, from the embedded geography: a region's
 * departments, an EPCI's members, a city's arrondissements, a dataset's communes (its coverage
 * may be any of them). Other lists without `first` count as one item: their items cost nothing.
 */
let listSizes: Readonly<Record<string, number>> | undefined;

export function listSize(coordinate: string): number {
  listSizes ??= (() => {
    const g = geography();
    const perRegion = new Map<string, number>();
    for (const d of g.departments) perRegion.set(d.regionCode, (perRegion.get(d.regionCode) ?? 0) + 1);
    return {
      'Region.departments': Math.max(...perRegion.values()),
      'Epci.members': Math.max(...g.epcis.map((e) => e.memberCodes.length)),
      // Paris, Marseille and Lyon are the only cities with municipal arrondissements.
      'Commune.arrondissements': Math.max(1, ...['75056', '13055', '69123'].map((code) => g.arrondissementsOf(code).length)),
      'Dataset.communes': g.communes.length,
    };
  })();
  return listSizes[coordinate] ?? 1;
}
