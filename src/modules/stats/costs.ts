import type { FieldNode } from 'graphql';
import type { FieldCost, ModuleCosts } from '../../graphql/upstream-cost.js';

/** `legalPopulation { municipal }` reads the embedded geography; `countedSeparately` or `total` ask Insee. */
function legalPopulationCalls(node: FieldNode): number {
  const fields = node.selectionSet?.selections ?? [];
  const free = fields.every((s) => s.kind === 'Field' && ['municipal', 'year', '__typename'].includes(s.name.value));
  return free ? 0 : 1;
}

/** An Insee statistic is one cube per zone. */
const insee: FieldCost = { calls: () => ({ insee: 1 }) };

export const statsCosts: ModuleCosts = {
  fields: {
    'TerritoryStats.legalPopulation': { calls: (_args, _loaded, node) => ({ insee: legalPopulationCalls(node) }) },
    'TerritoryStats.cube': insee,
    'TerritoryStats.ageGroups': insee,
    'TerritoryStats.households': insee,
    'TerritoryStats.businessCreations': insee,
    'TerritoryStats.medianIncome': insee,
  },
};
