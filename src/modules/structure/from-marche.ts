import type { SiaeModel, StructureModel } from './models.js';
import { memoByIdentity } from '../../caching/identity-memo.js';
import { communeOfAddress } from '../../sources/lemarche/commune-match.js';
import type { Siae } from '../../sources/lemarche/schemas.js';

/**
 * Mapped once per upstream record: the records of a cached department list are shared by every
 * request, and locating a free-text address is the costly part of the mapping.
 */
export const siaeFromMarche: (s: Siae) => SiaeModel = memoByIdentity(mapSiae);

function mapSiae(s: Siae): SiaeModel {
  const commune = communeOfAddress(s.post_code, s.city, s.department);
  return {
    id: String(s.id),
    name: s.name,
    brand: s.brand,
    kind: s.kind,
    siret: s.siret,
    sectors: s.sectors.map((sector) => sector.name),
    networks: s.networks.map((network) => network.name),
    isActive: s.is_active ?? null,
    address: {
      street: s.address,
      postalCode: s.post_code,
      city: s.city,
      communeCode: commune?.code ?? null,
      latitude: null,
      longitude: null,
    },
    department: s.department,
    offers: s.offers.map((offer) => ({ name: offer.name, description: offer.description })),
    labels: s.labels_old.map((label) => label.name),
    updatedAt: s.updated_at ?? null,
    website: s.contact_website,
  };
}

/** A structure known to the Marché only. */
export function structureFromMarche(siae: SiaeModel): StructureModel {
  return {
    id: `marche--${siae.id}`,
    name: siae.brand ?? siae.name,
    siret: siae.siret,
    sources: ['MARCHE'],
    networks: [],
    description: null,
    website: siae.website,
    address: siae.address,
    communeCode: siae.address.communeCode,
    siae,
    services: [],
  };
}

/** A data·inclusion structure completed with its Marché record (whose website fills a missing one). */
export function withSiae(structure: StructureModel, siae: SiaeModel | null): StructureModel {
  if (!siae) return { ...structure, siae: null };
  return {
    ...structure,
    website: structure.website ?? siae.website,
    siae,
    sources: [...new Set([...structure.sources, 'MARCHE' as const])],
  };
}
