import { geography } from '../../geography/index.js';
import type { ModuleCosts } from '../../graphql/upstream-cost.js';

const largest = (sizes: readonly number[]) => Math.max(1, ...sizes);

/**
 * The geography is embedded: its fields call nothing. Its lists without `first` are counted at
 * the longest they can be, for what their items' fields (`stats`) may cost and for the answer's
 * size (MAX_COST): nested, they multiply (a department's communes' department's communes…).
 */
export const territoryCosts: ModuleCosts = {
  listSizes: {
    'Region.departments': () => {
      const perRegion = new Map<string, number>();
      for (const d of geography().departments) perRegion.set(d.regionCode, (perRegion.get(d.regionCode) ?? 0) + 1);
      return largest([...perRegion.values()]);
    },
    'Epci.members': () => largest(geography().epcis.map((e) => e.memberCodes.length)),
    // Paris, Marseille and Lyon are the only cities with municipal arrondissements.
    'Commune.arrondissements': () => largest(['75056', '13055', '69123'].map((code) => geography().arrondissementsOf(code).length)),
    'Department.arrondissements': () => largest(geography().departments.map((d) => geography().arrondissementsOfDepartment(d.code).length)),
    'Arrondissement.communes': () => largest(geography().arrondissements.map((a) => geography().communesOfArrondissement(a.code).length)),
    'Commune.formerCommunes': () => largest(geography().communes.map((c) => geography().formerCommunesOf(c.code).length)),
  },
};
