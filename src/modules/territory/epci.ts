import { geography, type Commune } from '../../geography/index.js';
import type { Resolvers } from '../generated/resolvers.js';

export const epciResolvers: Resolvers = {
  Epci: {
    __resolveReference: (ref) => geography().epci(String(ref.code)) ?? null,
    kind: (epci) => epci.type,
    members: (epci) => epci.memberCodes.map((code) => geography().commune(code)).filter((c): c is Commune => c !== undefined),
  },
};
