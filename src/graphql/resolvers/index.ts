import type { Resolvers } from '../generated/resolvers.js';
import { datasetResolvers } from './dataset.js';
import { entityResolvers } from './entities.js';
import { formationResolvers } from './formation.js';
import { serviceResolvers } from './service.js';
import { structureResolvers } from './structure.js';
import { territoryResolvers } from './territory.js';

const domains = [territoryResolvers, structureResolvers, serviceResolvers, formationResolvers, datasetResolvers, entityResolvers];

/** Every domain's resolvers, merged type by type. */
export const resolvers: Resolvers = {};
for (const domain of domains) {
  for (const [type, fields] of Object.entries(domain)) {
    const merged = resolvers as Record<string, object>;
    merged[type] = { ...merged[type], ...fields };
  }
}
