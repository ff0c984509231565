import type { FieldNode } from 'graphql';
import type { FieldCost, ModuleCosts } from '../../graphql/upstream-cost.js';

/**
 * `legalPopulation { municipal }` of a commune reads the embedded geography while it holds the
 * vintage in force (the catalogue says so: one call a request at most, cached for days, counted
 * at run time); anything more asks Melodi.
 */
function legalPopulationCalls(node: FieldNode): number {
  const fields = node.selectionSet?.selections ?? [];
  const free = fields.every((s) => s.kind === 'Field' && ['municipal', 'year', '__typename'].includes(s.name.value));
  return free ? 0 : 1;
}

/** An Insee Données locales statistic is one cube per zone. */
const insee: FieldCost = { calls: () => ({ insee: 1 }) };

/**
 * A Melodi figure is one `/data` call per zone at worst (a commune's is its department's call,
 * shared with every other commune of it asked beside it, and cached), plus the catalogue, read
 * once per request for every dataset: counted in `provenance`, which every dashboard asks.
 */
const melodi = (calls: number): FieldCost => ({ calls: () => ({ melodi: calls }) });

export const statsCosts: ModuleCosts = {
  fields: {
    'TerritoryStats.legalPopulation': { calls: (_args, _loaded, node) => ({ melodi: legalPopulationCalls(node) }) },
    'TerritoryStats.population': melodi(1),
    'TerritoryStats.employment': melodi(1),
    'TerritoryStats.housing': melodi(1),
    'TerritoryStats.income': melodi(1),
    // Births and deaths are two datasets.
    'TerritoryStats.vitalEvents': melodi(2),
    'TerritoryStats.melodi': melodi(1),
    'TerritoryStats.provenance': melodi(1),
    'TerritoryStats.ageGroups': melodi(1),
    'TerritoryStats.households': melodi(1),
    'TerritoryStats.businessCreations': melodi(1),
    'TerritoryStats.medianIncome': melodi(1),
    'TerritoryStats.cube': insee,
  },
};
