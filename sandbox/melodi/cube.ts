import type { Dataset } from './datasets.js';
import { runInSlices, type Steps } from './slices.js';
import { territory, territoryInSlices, type Level, type Territory, type Zone } from './territory.js';

/*
 * One dataset as a cube: its territory, its combos (every cross of its dimensions' codes), and
 * each zone's figures, computed on first use and kept (the data never change).
 *
 * Request handlers ask for them `…InSlices` first: a cold dataset builds its territory and sums
 * every commune's figures into France's, seconds of work that must not hold the event loop.
 */

export interface Cube {
  dataset: Dataset;
  territory: Territory;
  /** Combo keys (codes joined with `|`), in the order observations of one zone are listed. */
  combos: readonly string[];
  codes: readonly (readonly string[])[];
  levels: ReadonlySet<Level>;
}

const cubes = new Map<string, Cube>();
const unitVectors = new Map<string, Float64Array[]>();
const zoneVectors = new Map<string, Map<string, Float64Array>>();

/**
 * Forgets every figure computed so far (they are computed again, the same, when asked): for a
 * test that needs a cold dataset in a process where other tests may have warmed it.
 */
export function forgetComputedFigures(): void {
  unitVectors.clear();
  zoneVectors.clear();
}

function crossProduct(values: readonly (readonly string[])[]): string[][] {
  return values.reduce<string[][]>((acc, codes) => acc.flatMap((prefix) => codes.map((c) => [...prefix, c])), [[]]);
}

export function cubeOf(dataset: Dataset): Cube {
  let cube = cubes.get(dataset.id);
  if (!cube) {
    const codes = crossProduct(dataset.dimensions.map((d) => d.values));
    cube = {
      dataset,
      territory: territory(dataset.geoYear, dataset.coverage),
      combos: codes.map((c) => c.join('|')),
      codes,
      levels: new Set(dataset.levels),
    };
    cubes.set(dataset.id, cube);
  }
  return cube;
}

/** The cube, its territory built in slices. */
export async function cubeInSlices(dataset: Dataset): Promise<Cube> {
  await territoryInSlices(dataset.geoYear, dataset.coverage);
  return cubeOf(dataset);
}

function unitVector(cube: Cube, index: number): Float64Array {
  let vectors = unitVectors.get(cube.dataset.id);
  if (!vectors) unitVectors.set(cube.dataset.id, (vectors = []));
  let vector = vectors[index];
  if (!vector) {
    const cells = cube.dataset.cells(cube.territory.units[index]!);
    vector = Float64Array.from(cube.combos, (combo) => cells[combo] ?? Number.NaN);
    vectors[index] = vector;
  }
  return vector;
}

/** A zone's figures, one per combo (in `1/scale` steps). */
export function zoneVector(cube: Cube, zone: Zone): Float64Array {
  let byZone = zoneVectors.get(cube.dataset.id);
  if (!byZone) zoneVectors.set(cube.dataset.id, (byZone = new Map()));
  const key = `${zone.level}-${zone.code}`;
  let vector = byZone.get(key);
  if (!vector) {
    const members = cube.dataset.zoneCells ? [] : zone.members.map((i) => unitVector(cube, i));
    if (cube.dataset.zoneCells) {
      const cells = cube.dataset.zoneCells(zone);
      vector = Float64Array.from(cube.combos, (combo) => cells[combo] ?? Number.NaN);
    } else if (members.length === 1) vector = members[0]!;
    else if (cube.dataset.aggregate) vector = cube.dataset.aggregate(members, cube.combos);
    else {
      vector = new Float64Array(cube.combos.length);
      for (const m of members) for (let i = 0; i < m.length; i++) vector[i]! += m[i]!;
    }
    byZone.set(key, vector);
  }
  return vector;
}

function* zoneVectorSteps(cube: Cube, zones: readonly Zone[]): Steps<void> {
  const computed = zoneVectors.get(cube.dataset.id);
  for (const zone of zones) {
    if (computed?.has(`${zone.level}-${zone.code}`)) continue;
    if (!cube.dataset.zoneCells) {
      const known = unitVectors.get(cube.dataset.id);
      for (const i of zone.members) {
        if (known?.[i]) continue;
        unitVector(cube, i);
        yield;
      }
    }
    zoneVector(cube, zone);
    yield;
  }
}

/** Computes the zones' figures in slices, so that `zoneVector` finds them ready (the same figures). */
export function zoneVectorsInSlices(cube: Cube, zones: readonly Zone[]): Promise<void> {
  return runInSlices(zoneVectorSteps(cube, zones));
}

/** The dataset's zones of one level (none for a level it lacks). */
export function zonesOfLevel(cube: Cube, level: Level): Zone[] {
  if (!cube.levels.has(level)) return [];
  const zones = cube.territory.byLevel.get(level) ?? [];
  const has = cube.dataset.hasZone;
  return has ? zones.filter(has) : [...zones];
}

/** Whether the dataset has this zone. */
export function hasZone(cube: Cube, zone: Zone): boolean {
  return cube.levels.has(zone.level) && (cube.dataset.hasZone?.(zone) ?? true);
}
