import { geography } from '../../geography/index.js';
import type { Resolvers } from '../generated/resolvers.js';
import { serviceById, structureOfService } from './lookup.js';

export const serviceResolvers: Resolvers = {
  Service: {
    __resolveReference: (ref, context) => serviceById(context, String(ref.id)),
    commune: (service) => (service.communeCode ? (geography().commune(service.communeCode) ?? null) : null),
    structure: (service, _args, context) => structureOfService(context, service),
  },
};
