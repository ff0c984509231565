import { memoByIdentity } from '../../caching/identity-memo.js';
import type { AddressModel, ServiceModel, StructureModel } from '../../graphql/models.js';
import type { DiService, DiStructure } from './schemas.js';

function address(record: DiStructure | DiService): AddressModel | null {
  if (!record.adresse && !record.code_postal && !record.commune && record.latitude == null) return null;
  return {
    street: record.adresse ?? null,
    postalCode: record.code_postal ?? null,
    city: record.commune ?? null,
    communeCode: record.code_insee ?? null,
    latitude: record.latitude ?? null,
    longitude: record.longitude ?? null,
  };
}

/** Structures mapped once per upstream record (records of cached lists are shared by requests). */
const mappedStructure = memoByIdentity((s: DiStructure) => mapStructure(s, undefined));

/** `services`, already mapped, when the structure's detail gave them. */
export function structureFromDataInclusion(s: DiStructure, services?: readonly ServiceModel[]): StructureModel {
  return services ? mapStructure(s, services) : mappedStructure(s);
}

function mapStructure(s: DiStructure, services: readonly ServiceModel[] | undefined): StructureModel {
  return {
    id: s.id,
    name: s.nom,
    siret: s.siret ?? null,
    sources: ['DATA_INCLUSION'],
    networks: s.reseaux_porteurs,
    description: s.description ?? null,
    website: s.site_web ?? null,
    address: address(s),
    communeCode: s.code_insee ?? null,
    siae: undefined,
    services,
  };
}

export function serviceFromDataInclusion(s: DiService, extra: { structure?: DiStructure; distanceKm?: number | null } = {}): ServiceModel {
  return {
    id: s.id,
    name: s.nom,
    description: s.description ?? null,
    themes: s.thematiques,
    fees: s.frais ?? null,
    kind: s.type ?? null,
    receptionModes: s.modes_accueil,
    source: s.source,
    address: address(s),
    communeCode: s.code_insee ?? null,
    structureId: s.structure_id,
    structure: extra.structure ? structureFromDataInclusion(extra.structure) : undefined,
    distanceKm: extra.distanceKm ?? null,
  };
}
