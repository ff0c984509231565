import { Random } from '../seed/random.js';
import { REFERENCE_YEAR, type CubeDef, type DatasetDef, type MeasureDef } from './catalogue.js';
import type { Zone } from './zones.js';

export interface Cell {
  measure: MeasureDef;
  /** One modality code per variable, in croisement order. */
  modalities: string[];
  valeur: string;
}

/** Population of a zone in a dataset's year: the reference population, drifted by ~0.4 % a year. */
export function populationInYear(zone: Zone, year: number): number {
  if (year === REFERENCE_YEAR) return zone.population;
  const jitter = (new Random(`insee:pop:${zone.nivgeo}:${zone.codgeo}:${year}`).next() - 0.5) * 0.006;
  return zone.population * (1 + 0.004 * (year - REFERENCE_YEAR) + jitter);
}

/** Whether the cube is published for the zone (its `Groupe`). */
export function cubeCoversZone(cube: CubeDef, zone: Zone): boolean {
  if (cube.group.communesOnly && !zone.isCommune) return false;
  if (cube.group.withoutMayotte && zone.inMayotte) return false;
  return zone.population >= cube.group.minPopulation;
}

/** Splits `total` into integers proportional to `weights`, by largest remainder. */
function apportion(total: number, weights: number[]): number[] {
  const exact = weights.map((w) => w * total);
  const floors = exact.map(Math.floor);
  let left = total - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, rest: e - Math.floor(e) })).sort((a, b) => b.rest - a.rest);
  for (const { i } of order) {
    if (left-- <= 0) break;
    floors[i]!++;
  }
  return floors;
}

function format(value: number, integer: boolean): string {
  return integer ? String(Math.round(value)) : String(Number(value.toFixed(5)));
}

/**
 * The cells of a cube for a zone: measures × the cartesian product of the requested modalities
 * (first variable varying fastest). Additive measures are split over the modalities from one
 * joint distribution, so every total cell (`ENS`) is exactly the sum of its parts. An indicator
 * variable's single modality is its whole, so its cells hold the totals.
 */
export function cubeCells(dataset: DatasetDef, croisement: string, cube: CubeDef, zone: Zone, selections: string[][]): Cell[] {
  const seed = `insee:${dataset.code}:${croisement}:${zone.nivgeo}:${zone.codgeo}`;
  const population = populationInYear(zone, dataset.year);
  const shares = cube.variables.map((variable) => new Random(`${seed}:${variable.code}`).shares(variable.weights));
  // Joint distribution over every combination of real modalities (no ENS), first variable fastest.
  const combos: number[][] = [[]];
  for (const variable of cube.variables) {
    const next: number[][] = [];
    for (let m = 0; m < variable.modalities.length; m++) for (const combo of combos) next.push([...combo, m]);
    combos.splice(0, combos.length, ...next);
  }
  const weights = combos.map((combo) => combo.reduce((w, m, v) => w * shares[v]![m]!, 1));

  const totals = new Map<string, number[]>();
  for (const measure of cube.measures) {
    if (measure.range || measure.perInhabitant === undefined) continue;
    const total = population * measure.perInhabitant;
    totals.set(measure.code, measure.integer ? apportion(Math.round(total), weights) : weights.map((w) => w * total));
  }

  const selectionCombos: string[][] = [[]];
  for (const selection of selections) {
    const next: string[][] = [];
    for (const code of selection) for (const combo of selectionCombos) next.push([...combo, code]);
    selectionCombos.splice(0, selectionCombos.length, ...next);
  }

  const sumFor = (measureCode: string, selected: string[]): number => {
    const joint = totals.get(measureCode)!;
    let sum = 0;
    combos.forEach((combo, i) => {
      if (combo.every((m, v) => selected[v] === 'ENS' || cube.variables[v]!.modalities[m] === selected[v])) sum += joint[i]!;
    });
    return sum;
  };

  const cells: Cell[] = [];
  for (const measure of cube.measures) {
    for (const selected of selectionCombos) {
      let value: number;
      if (measure.range) {
        const [low, high] = measure.range;
        value = Math.round((low + new Random(`${seed}:${measure.code}`).next() * (high - low)) * 10) / 10;
      } else if (measure.perInhabitant === undefined) {
        // A total measure (POPTOT) is the sum of the other additive measures.
        value = [...totals.keys()].reduce((sum, code) => sum + sumFor(code, selected), 0);
      } else {
        value = sumFor(measure.code, selected);
      }
      cells.push({ measure, modalities: selected, valeur: format(value, measure.integer) });
    }
  }
  return cells;
}
