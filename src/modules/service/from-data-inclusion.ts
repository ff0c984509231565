import { currentCommuneCode } from '../../geography/index.js';
import type { DiService, DiStructure } from '../../sources/data-inclusion/schemas.js';
import { addressFromDataInclusion, structureFromDataInclusion } from '../structure/from-data-inclusion.js';
import type { ServiceModel } from './models.js';

/** A data·inclusion service; its structure when the upstream embedded it, its distance when searched around a commune. */
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
    address: addressFromDataInclusion(s),
    communeCode: currentCommuneCode(s.code_insee),
    structureId: s.structure_id,
    structure: extra.structure ? structureFromDataInclusion(extra.structure) : undefined,
    distanceKm: extra.distanceKm ?? null,
  };
}
