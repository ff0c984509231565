import type { InseeLevel } from '../../sources/insee/client.js';
import type { Resolvers } from '../generated/resolvers.js';
import type { ZoneLevelName } from '../territory/models.js';
import type { StatsZoneModel } from './models.js';
import { SourceCodes } from './source-codes.js';

/** What TerritoryStats' fields read Insee cubes for: a fresh one per `stats` field resolved. */
const zone = (level: InseeLevel, code: string): StatsZoneModel => ({ level, code, sources: new SourceCodes() });

/** Insee files municipal arrondissements under COM; every other level is its own. */
const inseeLevel = (level: ZoneLevelName): InseeLevel => (level === 'ARM' ? 'COM' : level);

/** Every zone type's `stats`. */
export const zoneStatsResolvers: Resolvers = {
  Commune: { stats: (commune) => zone('COM', commune.code) },
  Department: { stats: (department) => zone('DEP', department.code) },
  Region: { stats: (region) => zone('REG', region.code) },
  Epci: { stats: (epci) => zone('EPCI', epci.code) },
  Arrondissement: { stats: (arrondissement) => zone('ARR', arrondissement.code) },
  Zone: { stats: (z) => zone(inseeLevel(z.level), z.code) },
};
