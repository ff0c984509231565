import { geography } from '../../geography/index.js';
import type { Resolvers } from '../generated/resolvers.js';

/** An arrondissement's fields, from the embedded geography: no upstream call. */
export const arrondissementResolvers: Resolvers = {
  Arrondissement: {
    __resolveReference: (ref) => geography().arrondissement(String(ref.code)) ?? null,
    department: (arrondissement) => geography().department(arrondissement.departmentCode)!,
    region: (arrondissement) => geography().region(arrondissement.regionCode)!,
    chefLieu: (arrondissement) => geography().commune(arrondissement.chefLieu) ?? null,
    communes: (arrondissement) => [...geography().communesOfArrondissement(arrondissement.code)],
  },
};
