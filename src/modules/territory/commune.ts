import { geography } from '../../geography/index.js';
import type { FormerCommuneKind, Resolvers } from '../generated/resolvers.js';

const FORMER_KINDS = { deleguee: 'DELEGATED', associee: 'ASSOCIATED', fusionnee: 'MERGED' } as const satisfies Record<
  string,
  FormerCommuneKind
>;

/** A commune's own fields, from the embedded geography: no upstream call. */
export const communeResolvers: Resolvers = {
  Commune: {
    __resolveReference: (ref) => geography().commune(String(ref.code)) ?? null,
    department: (commune) => geography().department(commune.departmentCode)!,
    region: (commune) => geography().region(commune.regionCode)!,
    epci: (commune) => (commune.epciCode ? (geography().epci(commune.epciCode) ?? null) : null),
    parent: (commune) => (commune.parentCode ? (geography().commune(commune.parentCode) ?? null) : null),
    arrondissements: (commune) => [...geography().arrondissementsOf(commune.code)],
    postalCodes: (commune) => [...commune.postalCodes],
    population: (commune) => commune.population ?? null,
    arrondissement: (commune) => (commune.arrondissementCode ? (geography().arrondissement(commune.arrondissementCode) ?? null) : null),
    formerCommunes: (commune) => [...geography().formerCommunesOf(commune.code)],
  },
  FormerCommune: {
    name: (former) => former.name ?? null,
    kind: (former) => FORMER_KINDS[former.kind],
  },
};
