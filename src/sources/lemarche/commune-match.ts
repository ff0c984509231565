import { foldName, geography, type Commune } from '../../geography/index.js';
import { memoByIdentity } from '../../caching/identity-memo.js';

/** "ST HERBLAIN", "Saint-Herblain" and "saint herblain" are one city. */
function cityKey(city: string): string {
  return foldName(city)
    .replace(/\bste\b/g, 'sainte')
    .replace(/\bst\b/g, 'saint')
    .replace(/ (\d+)(er|e|eme)?( arrondissement)?$/, '');
}

/** Keys of the geography's names, computed once: an address without a postal code is matched against a whole department. */
const communeKey = memoByIdentity((commune: Commune) => cityKey(commune.name));

/**
 * The commune of a Marché address, typed as free text: the postal code narrows it down (within
 * the department when known), the city name decides between communes sharing the code (a former
 * commune's name, delegated or associated, names the commune it joined). Paris,
 * Lyon and Marseille resolve to the arrondissement of their postal code. Null when ambiguous or
 * unknown, rather than a guess.
 */
export function communeOfAddress(postCode: string | null, city: string | null, department: string | null): Commune | null {
  const g = geography();
  let candidates: readonly Commune[] = postCode ? g.communesOfPostalCode(postCode) : department ? g.communesOfDepartment(department) : [];
  if (department) candidates = candidates.filter((c) => c.departmentCode === department);
  // A postal code of Paris, Lyon or Marseille names both the city and one arrondissement.
  const arrondissements = candidates.filter((c) => c.kind === 'arrondissement-municipal');
  if (postCode && arrondissements.length === 1) return arrondissements[0]!;
  candidates = candidates.filter((c) => c.kind === 'commune');
  if (city) {
    const wanted = cityKey(city);
    const named = candidates.filter((c) => communeKey(c) === wanted);
    if (named.length === 1) return named[0]!;
    if (named.length > 1) return null;
    // An address still written with a former commune's name (before a merger) is in the commune it joined.
    const joined = candidates.filter((c) => g.formerCommunesOf(c.code).some((f) => f.name !== undefined && cityKey(f.name) === wanted));
    if (joined.length === 1) return joined[0]!;
    if (joined.length > 1) return null;
  }
  return postCode && candidates.length === 1 ? candidates[0]! : null;
}
