import type { Commune } from '../product.js';

/*
 * Addresses of generated structures and services.
 */

/** Street names, common to every French town. */
export const STREETS = [
  'rue de la République',
  'avenue Jean Jaurès',
  'place de la Mairie',
  'rue Victor Hugo',
  'boulevard Pasteur',
  'rue du Général de Gaulle',
  'chemin des Écoles',
  'rue de la Gare',
  'allée des Tilleuls',
  'rue Jules Ferry',
];

/** A commune's name as addresses write it: an arrondissement without its " Arrondissement". */
export function displayName(commune: Commune): string {
  return commune.kind === 'arrondissement-municipal' ? commune.name.replace(/ Arrondissement$/, '') : commune.name;
}
