import type { StatCubeModel } from '../../graphql/models.js';
import type { InseeCube } from './schemas.js';

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

/** The value of one cell, found by measure and modalities (never by position: order is not guaranteed). */
export function cellValue(cube: InseeCube, measure: string, modalities: Record<string, string>): number | null {
  const cell = cube.Cellule.find((c) => c.Mesure.code === measure && c.Modalite.every((m) => (modalities[m.variable] ?? 'ENS') === m.code));
  return cell?.Valeur ?? null;
}

export function legalPopulationFromInsee(cube: InseeCube) {
  const value = (measure: string) => cellValue(cube, measure, {});
  const municipal = value('POPMUN');
  const countedSeparately = value('POPCAP');
  const total = value('POPTOT');
  if (municipal === null || countedSeparately === null || total === null) return null;
  return {
    year: cube.Croisement.JeuDonnees.Annee ?? Number(cube.Croisement.JeuDonnees.code.slice(-4)),
    municipal,
    countedSeparately,
    total,
  };
}
