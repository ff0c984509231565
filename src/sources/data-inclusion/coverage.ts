import { geography } from '../../geography/index.js';
import type { TerritoryFilter } from './client.js';

/**
 * data·inclusion covers metropolitan France and the five DROM. The overseas collectivities
 * (975, 977 to 989) are in none of its lists, and its department and region filters refuse their
 * codes with a 422: a territory there is known to be empty without asking.
 */
export function outsideDataInclusion(territory: TerritoryFilter): boolean {
  const g = geography();
  if (territory.codeCommune !== undefined && g.commune(territory.codeCommune)?.zone === 'com') return true;
  if (territory.codeDepartement !== undefined && g.department(territory.codeDepartement)?.zone === 'com') return true;
  return territory.codeRegion !== undefined && g.region(territory.codeRegion)?.zone === 'com';
}
