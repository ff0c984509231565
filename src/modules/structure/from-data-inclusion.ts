import { memoByIdentity } from '../../caching/identity-memo.js';
import { currentCommuneCode } from '../../geography/index.js';
import type { DiService, DiStructure } from '../../sources/data-inclusion/schemas.js';
import type { ServiceModel } from '../service/models.js';
import type { AddressModel, StructureModel } from './models.js';

/** A data·inclusion address (structures and services share its fields); null when it has none. */
export function addressFromDataInclusion(record: DiStructure | DiService): AddressModel | null {
  if (!record.adresse && !record.code_postal && !record.commune && record.latitude == null) return null;
  return {
    street: record.adresse ?? null,
    postalCode: record.code_postal ?? null,
    city: record.commune ?? null,
    communeCode: currentCommuneCode(record.code_insee),
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
    address: addressFromDataInclusion(s),
    // A former commune's code (geocoded before a merger) lands in today's commune.
    communeCode: currentCommuneCode(s.code_insee),
    siae: undefined,
    services,
  };
}
