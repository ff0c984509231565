import { hasZone, zonesOfLevel, type Cube } from './cube.js';
import { LEVELS, type Level, type Zone } from './territory.js';

/*
 * What a `/data` request selects: zones from its GEO selectors, combos from its other filters
 * (insee-melodi.md §3). Repeated values of one name are an OR, different names an AND. The
 * observations are every selected zone crossed with every selected combo.
 */

/** Query names that are not dimension filters. */
export const RESERVED = new Set([
  'maxResult',
  'page',
  'totalCount',
  'idTerritoire',
  'range',
  'idObservation',
  'includeHistory',
  'startPeriod',
  'endPeriod',
]);

export interface Selection {
  zones: readonly Zone[];
  /** Indexes of the selected combos in the cube's. */
  combos: readonly number[];
}

const isLevel = (text: string): text is Level => (LEVELS as readonly string[]).includes(text);

/**
 * The zones one GEO selector names: `LEVEL`, `LEVEL-CODE`, `YYYY-LEVEL-CODE` or
 * `PARENTLEVEL-CODE*CHILDLEVEL` (any of them with the year). A year other than the dataset's
 * geography's, an unknown code or a level the dataset lacks selects nothing. A parent may be of
 * a level the dataset lacks (`EPCI-…*COM` on DS_POPULATIONS_REFERENCE); its children are the
 * zones of the child level lying wholly inside it.
 */
export function zonesOf(cube: Cube, selector: string): Zone[] {
  const t = cube.territory;
  let rest = selector;
  const year = /^(\d{4})-(.*)$/.exec(rest);
  if (year) {
    if (Number(year[1]) !== t.geoYear) return [];
    rest = year[2]!;
  }
  const nested = /^([A-Z0-9]+)-([^*]+)\*([A-Z0-9]+)$/.exec(rest);
  if (nested) {
    const [, parentLevel, parentCode, childLevel] = nested;
    const parent = t.zones.get(`${parentLevel}-${parentCode}`);
    if (!parent || !isLevel(childLevel!)) return [];
    const inside = new Set(parent.members);
    return zonesOfLevel(cube, childLevel).filter((z) => z.members.every((m) => inside.has(m)));
  }
  if (isLevel(rest)) return zonesOfLevel(cube, rest);
  const zone = t.zones.get(rest);
  return zone && hasZone(cube, zone) ? [zone] : [];
}

/** The zones and combos a request's filters select. */
export function select(cube: Cube, filters: ReadonlyMap<string, readonly string[]>): Selection {
  const geo = filters.get('GEO');
  let zones: Zone[];
  if (geo) {
    const seen = new Set<Zone>();
    zones = geo.flatMap((selector) => zonesOf(cube, selector)).filter((z) => !seen.has(z) && seen.add(z));
  } else {
    zones = [...cube.levels].flatMap((level) => zonesOfLevel(cube, level));
  }
  const dimensions = cube.dataset.dimensions.map((d) => d.code);
  const constraints: [number, Set<string>][] = [];
  for (const [name, values] of filters) {
    if (name === 'GEO') continue;
    const index = dimensions.indexOf(name);
    // A dimension the dataset lacks matches no observation.
    if (index < 0) return { zones, combos: [] };
    constraints.push([index, new Set(values)]);
  }
  const combos: number[] = [];
  cube.codes.forEach((codes, i) => {
    if (constraints.every(([index, allowed]) => allowed.has(codes[index]!))) combos.push(i);
  });
  return { zones, combos };
}
