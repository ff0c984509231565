import type { Resolvers } from '../generated/resolvers.js';

/** Every zone type's `stats`: the zone, which TerritoryStats' fields read Insee cubes for. */
export const zoneStatsResolvers: Resolvers = {
  Commune: { stats: (commune) => ({ level: 'COM', code: commune.code }) },
  Department: { stats: (department) => ({ level: 'DEP', code: department.code }) },
  Region: { stats: (region) => ({ level: 'REG', code: region.code }) },
  Epci: { stats: (epci) => ({ level: 'EPCI', code: epci.code }) },
};
