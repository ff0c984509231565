/**
 * Reading an Insee cube's cells: by measure and modalities, each variable at its own total.
 * Used by the loaders (the legal population) and by the statistics resolvers.
 */
import type { InseeCube } from './schemas.js';

/**
 * The code of each variable's total, as this cube codes it in its own `Variable[].Modalite`:
 * `ENS` where the variable has it; the only modality of an indicator variable, which has no
 * `ENS` (`1` for IND_POPLEGALES, INDICS_FILO_DISP, INDICS_ETATCIVIL…, `MOD1` for
 * INDICS_TOURISME); none for a variable of several modalities without `ENS` (OCCTYPR).
 * `Variable[].Modalite` lists the modalities asked for, so this holds for cubes asked with `all`,
 * as every typed statistic is.
 */
export function totalCodes(cube: InseeCube): Map<string, string | null> {
  const totals = new Map<string, string | null>();
  for (const variable of cube.Variable) {
    const codes = variable.Modalite.map((m) => m.code);
    totals.set(variable.code, codes.includes('ENS') ? 'ENS' : codes.length === 1 ? codes[0]! : null);
  }
  return totals;
}

/**
 * The value of one cell, found by measure and modalities (never by position: order is not
 * guaranteed). Variables not named in `modalities` are read at their total; null where the cube
 * has no such cell, or a variable has no total.
 */
export function cellValue(cube: InseeCube, measure: string, modalities: Record<string, string> = {}): number | null {
  const totals = totalCodes(cube);
  const wanted = (variable: string) => modalities[variable] ?? totals.get(variable) ?? null;
  const cell = cube.Cellule.find((c) => c.Mesure.code === measure && c.Modalite.every((m) => m.code === wanted(m.variable)));
  return cell?.Valeur ?? null;
}

export function legalPopulationFromInsee(cube: InseeCube) {
  const value = (measure: string) => cellValue(cube, measure);
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
