import type { InseeCube } from '../../sources/insee/schemas.js';
import type { StatCubeModel } from './models.js';

/** A cube as returned by Données locales, as the StatCube type serves it. */
export function cubeFromInsee(cube: InseeCube): StatCubeModel {
  return {
    dataset: cube.Croisement.JeuDonnees.code,
    label: cube.Croisement.JeuDonnees.Libelle ?? null,
    year: cube.Croisement.JeuDonnees.Annee ?? null,
    cells: cube.Cellule.map((cell) => ({
      measure: cell.Mesure.code,
      modalities: cell.Modalite.map((m) => ({ variable: m.variable, code: m.code })),
      value: cell.Valeur,
    })),
  };
}
