import { geography } from '../product.js';
import { isStudyLevel, studyZoneCommunes, type StudyLevel } from './study-zones.js';
import { createdAfterCubes, predecessorPopulation } from './vintage.js';

/**
 * A geographic zone as Données locales addresses it (`COM-44109`, `ARR-442`, `DEP-2A`, `EPCI-…`,
 * `FE-1`, `ZE2020-5213`), in the geography of the sandbox's cubes (vintage.ts).
 */
export interface Zone {
  nivgeo: 'COM' | 'ARR' | 'DEP' | 'REG' | 'EPCI' | 'FE' | StudyLevel;
  codgeo: string;
  /** Population municipale of the embedded geography (sum of communes for larger zones). */
  population: number;
  inMayotte: boolean;
  isCommune: boolean;
}

const cache = new Map<string, Zone | null>();

function sumPopulation(codes: Iterable<string>): number {
  let total = 0;
  for (const code of codes) total += geography().commune(code)?.population ?? 0;
  return total;
}

/** The zone, or undefined when the code is unknown at that level (or outside the API's coverage). */
export function resolveZone(nivgeo: string, codgeo: string): Zone | undefined {
  const key = `${nivgeo}-${codgeo}`;
  if (!cache.has(key)) cache.set(key, buildZone(nivgeo, codgeo) ?? null);
  return cache.get(key) ?? undefined;
}

function buildZone(nivgeo: string, codgeo: string): Zone | undefined {
  const g = geography();
  // Overseas collectivities (zone "com") are outside Données locales.
  const communes = () => g.communes.filter((c) => c.kind === 'commune' && c.zone !== 'com');
  if (isStudyLevel(nivgeo)) {
    const members = studyZoneCommunes(nivgeo, codgeo);
    return members && { nivgeo, codgeo, population: sumPopulation(members), inMayotte: false, isCommune: false };
  }
  switch (nivgeo) {
    case 'COM': {
      // A former commune the cubes' geography still knows (its commune nouvelle is younger).
      const formerPopulation = predecessorPopulation(codgeo);
      if (formerPopulation !== undefined) return { nivgeo, codgeo, population: formerPopulation, inMayotte: false, isCommune: true };
      const c = g.commune(codgeo);
      if (!c || c.zone === 'com' || c.population === undefined || createdAfterCubes(codgeo)) return undefined;
      return { nivgeo, codgeo, population: c.population, inMayotte: c.departmentCode === '976', isCommune: true };
    }
    case 'ARR': {
      const a = g.arrondissement(codgeo);
      if (!a) return undefined;
      const members = g.communesOfArrondissement(codgeo).map((c) => c.code);
      return { nivgeo, codgeo, population: sumPopulation(members), inMayotte: false, isCommune: false };
    }
    case 'DEP': {
      const d = g.department(codgeo);
      if (!d || d.zone === 'com') return undefined;
      return {
        nivgeo,
        codgeo,
        population: sumPopulation(
          g
            .communesOfDepartment(codgeo)
            .filter((c) => c.kind === 'commune')
            .map((c) => c.code),
        ),
        inMayotte: codgeo === '976',
        isCommune: false,
      };
    }
    case 'REG': {
      const r = g.region(codgeo);
      if (!r || r.zone === 'com') return undefined;
      return {
        nivgeo,
        codgeo,
        population: sumPopulation(
          communes()
            .filter((c) => c.regionCode === codgeo)
            .map((c) => c.code),
        ),
        inMayotte: codgeo === '06',
        isCommune: false,
      };
    }
    case 'EPCI': {
      const e = g.epci(codgeo);
      if (!e) return undefined;
      return {
        nivgeo,
        codgeo,
        population: sumPopulation(e.memberCodes),
        inMayotte: e.memberCodes.some((m) => m.startsWith('976')),
        isCommune: false,
      };
    }
    case 'FE':
      return codgeo === '1'
        ? { nivgeo, codgeo, population: sumPopulation(communes().map((c) => c.code)), inMayotte: false, isCommune: false }
        : undefined;
    default:
      return undefined;
  }
}
