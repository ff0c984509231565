import { geography } from '../../geography/index.js';
import type { Resolvers } from '../generated/resolvers.js';

export const regionResolvers: Resolvers = {
  Region: {
    __resolveReference: (ref) => geography().region(String(ref.code)) ?? null,
    departments: (region) => geography().departments.filter((d) => d.regionCode === region.code),
  },
};
