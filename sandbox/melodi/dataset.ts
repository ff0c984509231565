import type { Coverage, Level, Unit, Zone } from './territory.js';

/*
 * The Melodi datasets the sandbox serves, with the vintages the real service has in December
 * 2026 (insee-melodi.md §6): legal populations 2023 in the 2025 geography; the census 2012, 2017
 * and 2023 in the 2026 geography (published July 2026); Filosofi 2021 in the 2025 geography;
 * births and deaths 2008-2025 in the 2025 geography.
 *
 * Every dataset is the full cross product of its zones and its dimensions' codes (`combos`).
 * Each unit's figures are drawn from its profile (profile.ts); a larger zone's are the sum of its
 * units', except for the figures a dataset aggregates otherwise (medians, rates). Figures are
 * held as integers in `1/scale` steps, so sums are exact and print as Insee's decimals.
 */

export interface Dimension {
  code: string;
  values: readonly string[];
}

export interface Dataset {
  id: string;
  geoYear: number;
  coverage: Coverage;
  levels: readonly Level[];
  /** Every dimension but GEO, in the order observations list them. */
  dimensions: readonly Dimension[];
  measure: string;
  scale: number;
  /** Each unit's figures, by combo key (codes joined with `|` in `dimensions` order). */
  cells(unit: Unit): Record<string, number>;
  /** A zone's figures drawn for the zone itself, for datasets that are not built up from communes. */
  zoneCells?(zone: Zone): Record<string, number>;
  /** The zones of its levels the dataset has (all when absent). */
  hasZone?(zone: Zone): boolean;
  /** A zone's figures from its units' (a sum by default). */
  aggregate?(vectors: readonly Float64Array[], combos: readonly string[]): Float64Array;
  /** Whether a zone's figure is not published (small zones), and the attributes of each figure. */
  hidden?(vector: Float64Array, combo: number, combos: readonly string[]): boolean;
  attributes?(combo: readonly string[], hidden: boolean): Record<string, string>;
}

const STUDY_LEVELS: Level[] = ['ZE2020', 'UU2020', 'AAV2020'];
/** Every level, for the datasets published at all of them. */
export const ALL_LEVELS: Level[] = ['COM', 'ARM', 'ARR', 'EPCI', 'DEP', 'REG', 'FRANCE', ...STUDY_LEVELS];
/** A combo's key: its codes joined with `|`, in the order of the dataset's dimensions. */
export const key = (...codes: string[]) => codes.join('|');
export const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
