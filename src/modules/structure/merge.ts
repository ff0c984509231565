import { geography, type Commune } from '../../geography/index.js';
import type { DiStructure } from '../../sources/data-inclusion/schemas.js';
import { structureFromDataInclusion } from './from-data-inclusion.js';
import { structureFromMarche, withSiae } from './from-marche.js';
import type { SiaeModel, StructureModel, StructureSourceName } from './models.js';

/**
 * Structures come from two sources joined by SIRET: data·inclusion (filterable by commune,
 * department or region) and the Marché de l'inclusion (by department only). A territory's list
 * is both, merged: one Structure per data·inclusion record, completed by its SIAE, then the SIAE
 * the Marché alone knows. Each upstream list is read once per request (DataLoader), whole, so
 * that the merge and the counts are exact.
 */
export interface Territory {
  commune?: Commune;
  department?: string;
  region?: string;
}

export interface StructureOptions {
  sources?: StructureSourceName[] | null;
  siaeKinds?: string[] | null;
}

/** The commune and, for Paris, Lyon and Marseille, its arrondissements. */
export function communeCodes(commune: Commune): Set<string> {
  return new Set([
    commune.code,
    ...geography()
      .arrondissementsOf(commune.code)
      .map((a) => a.code),
  ]);
}

function located(siae: SiaeModel, territory: Territory): boolean {
  if (territory.commune) return communeCodes(territory.commune).has(siae.address.communeCode ?? '');
  return true;
}

/**
 * One territory's structures from both lists: one Structure per data·inclusion record, completed
 * by the SIAE with its SIRET (or marked as having none when the structure's department was read
 * from the Marché), then each SIAE the Marché alone knows, once per SIRET, when the Marché is asked
 * for; `siaeKinds` keeps only structures with an SIAE of those kinds. `departments` are those whose
 * Marché list `siaes` holds.
 */
export function mergeStructures(
  inclusion: readonly DiStructure[],
  siaes: readonly SiaeModel[] | undefined,
  territory: Territory,
  departments: string[],
  sources: readonly StructureSourceName[],
  options: StructureOptions,
): readonly StructureModel[] {
  let merged: StructureModel[] = inclusion.map((s) => structureFromDataInclusion(s));
  if (siaes) {
    const bySiret = new Map<string, SiaeModel>();
    for (const siae of siaes) if (!bySiret.has(siae.siret)) bySiret.set(siae.siret, siae);
    const matched = new Set<string>();
    merged = merged.map((structure) => {
      const siae = structure.siret ? bySiret.get(structure.siret) : undefined;
      if (siae) matched.add(siae.siret);
      // The Marché list of the structure's department is complete: no SIAE there means none.
      const known = departments.includes(geography().commune(structure.communeCode ?? '')?.departmentCode ?? '');
      return siae ? withSiae(structure, siae) : known ? { ...structure, siae: null } : structure;
    });
    if (sources.includes('MARCHE')) {
      const marcheOnly = siaes.filter((siae) => !matched.has(siae.siret) && located(siae, territory));
      const seen = new Set<string>();
      for (const siae of marcheOnly) {
        if (seen.has(siae.siret)) continue;
        seen.add(siae.siret);
        merged.push(structureFromMarche(siae));
      }
    }
  }
  if (options.siaeKinds?.length) merged = merged.filter((s) => s.siae && options.siaeKinds!.includes(s.siae.kind));
  return merged;
}
