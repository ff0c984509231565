import { geography } from '../product.js';
import { predecessorPopulation } from '../insee/vintage.js';
import { isStudyLevel, studyZoneCodes, studyZoneCommunes } from '../insee/study-zones.js';
import { runInSlices, runNow, STEP_EVERY, type Steps } from './slices.js';

/*
 * Melodi's territories, in the geography of a dataset (its catalogue `spatialTemporal` year).
 *
 * Figures are generated for basic units (communes, and the municipal arrondissements of Paris,
 * Lyon and Marseille in place of those three communes) and summed into every larger zone, so
 * that any zone's additive figure is exactly the sum of its communes'.
 *
 * The embedded geography is of 2026. The sandbox plays one commune nouvelle as created on
 * 1 January 2026, Éternoz-Vallée-du-Lison (25223, the fixture the Données locales simulator
 * uses too, with the same split of its population among its five former communes): datasets in
 * a geography before 2026 know its former communes and not it; those of 2026 know it. A fixture
 * of the simulation, not a statement about when that merger happened.
 */
const MERGED_IN_2026 = ['25223'];

/** Which departments a dataset covers (catalogue `spatial`). */
export type Coverage = 'FE' | 'FEHM' | 'FMMR';

export type Level = 'COM' | 'ARM' | 'ARR' | 'EPCI' | 'DEP' | 'REG' | 'FRANCE' | 'ZE2020' | 'UU2020' | 'AAV2020';
export const LEVELS: readonly Level[] = ['COM', 'ARM', 'ARR', 'EPCI', 'DEP', 'REG', 'FRANCE', 'ZE2020', 'UU2020', 'AAV2020'];

/** A commune or municipal arrondissement, with the zones it belongs to. */
export interface Unit {
  code: string;
  /** Population municipale of the embedded geography (2023), split among predecessors for a merger. */
  population: number;
  /** The code its commune has in the dataset's geography (itself, or the city of an ARM). */
  commune: string;
  isArm: boolean;
  department: string;
  region: string;
  arrondissement: string | undefined;
  epci: string | undefined;
  metro: boolean;
}

export interface Zone {
  level: Level;
  code: string;
  name: string;
  /** Indexes of its units in the territory's `units`. */
  members: readonly number[];
}

export interface Territory {
  geoYear: number;
  units: readonly Unit[];
  /** Every zone of every level, by `LEVEL-CODE`. */
  zones: ReadonlyMap<string, Zone>;
  byLevel: ReadonlyMap<Level, readonly Zone[]>;
}

function covers(coverage: Coverage, department: string): boolean {
  const d = geography().department(department);
  if (!d || d.zone === 'com') return false;
  if (coverage === 'FEHM') return department !== '976';
  if (coverage === 'FMMR') return d.zone === 'metro' || department === '972' || department === '974';
  return true;
}

function* buildUnits(geoYear: number, coverage: Coverage): Steps<Unit[]> {
  const g = geography();
  const units: Unit[] = [];
  const cityOf = (code: string) => g.commune(code)?.parentCode;
  const cities = new Set(g.communes.filter((c) => c.kind === 'arrondissement-municipal').map((c) => c.parentCode));
  let n = 0;
  for (const c of g.communes) {
    if (++n % STEP_EVERY === 0) yield;
    if (c.population === undefined || !covers(coverage, c.departmentCode)) continue;
    if (c.kind === 'commune' && cities.has(c.code)) continue; // stood in for by its ARMs
    const city = c.kind === 'arrondissement-municipal' ? g.commune(cityOf(c.code) ?? '') : c;
    const base = {
      department: c.departmentCode,
      region: c.regionCode,
      arrondissement: city?.arrondissementCode,
      epci: city?.epciCode,
      metro: c.zone === 'metro',
    };
    if (geoYear < 2026 && MERGED_IN_2026.includes(c.code)) {
      for (const former of g.formerCommunesOf(c.code).filter((f) => f.code !== c.code)) {
        units.push({ ...base, code: former.code, commune: former.code, isArm: false, population: predecessorPopulation(former.code) ?? 0 });
      }
      continue;
    }
    units.push({
      ...base,
      code: c.code,
      commune: city?.code ?? c.code,
      isArm: c.kind === 'arrondissement-municipal',
      population: c.population,
    });
  }
  return units;
}

function formerName(code: string): string {
  for (const merged of MERGED_IN_2026) {
    const former = geography()
      .formerCommunesOf(merged)
      .find((f) => f.code === code);
    if (former?.name) return former.name;
  }
  return code;
}

function* buildTerritory(geoYear: number, coverage: Coverage): Steps<Territory> {
  const g = geography();
  const units = yield* buildUnits(geoYear, coverage);
  const groups = new Map<string, { level: Level; code: string; members: number[] }>();
  const add = (level: Level, code: string | undefined, index: number) => {
    if (code === undefined) return;
    const key = `${level}-${code}`;
    const group = groups.get(key) ?? { level, code, members: [] };
    group.members.push(index);
    groups.set(key, group);
  };
  const studyZones = new Map<string, string[]>(); // commune code → study zone keys
  for (const level of ['ZE2020', 'UU2020', 'AAV2020'] as const) {
    for (const code of studyZoneCodes(level)) {
      for (const commune of studyZoneCommunes(level, code) ?? []) {
        studyZones.set(commune, [...(studyZones.get(commune) ?? []), `${level}-${code}`]);
      }
    }
  }
  for (let i = 0; i < units.length; i++) {
    if (i % STEP_EVERY === 0) yield;
    const u = units[i]!;
    add('COM', u.commune, i);
    if (u.isArm) add('ARM', u.code, i);
    add('ARR', u.arrondissement, i);
    add('EPCI', u.epci, i);
    add('DEP', u.department, i);
    add('REG', u.region, i);
    add('FRANCE', 'F', i);
    if (u.metro) add('FRANCE', 'FM', i);
    const current = g.currentCommune(u.commune)?.code ?? u.commune;
    for (const key of studyZones.get(current) ?? []) {
      const [level, code] = key.split('-') as [Level, string];
      add(level, code, i);
    }
  }
  const zones = new Map<string, Zone>();
  const byLevel = new Map<Level, Zone[]>(LEVELS.map((l) => [l, []]));
  let n = 0;
  for (const [key, group] of groups) {
    if (++n % STEP_EVERY === 0) yield;
    const zone: Zone = { ...group, name: zoneName(group.level, group.code) };
    zones.set(key, zone);
    byLevel.get(group.level)!.push(zone);
  }
  return { geoYear, units, zones, byLevel };
}

function zoneName(level: Level, code: string): string {
  const g = geography();
  switch (level) {
    case 'COM':
    case 'ARM':
      return g.commune(code)?.name ?? formerName(code);
    case 'ARR':
      return g.arrondissement(code)?.name ?? code;
    case 'EPCI':
      return g.epci(code)?.name ?? code;
    case 'DEP':
      return g.department(code)?.name ?? code;
    case 'REG':
      return g.region(code)?.name ?? code;
    case 'FRANCE':
      return code === 'F' ? 'France' : 'France métropolitaine';
    default:
      return isStudyLevel(level) ? `${level} ${code}` : code;
  }
}

const territories = new Map<string, Territory>();
const building = new Map<string, Promise<Territory>>();

/** The territories of a geography year and coverage, built once per process. */
export function territory(geoYear: number, coverage: Coverage): Territory {
  const key = `${geoYear}:${coverage}`;
  let t = territories.get(key);
  if (!t) {
    t = runNow(buildTerritory(geoYear, coverage));
    territories.set(key, t);
  }
  return t;
}

/** The same territory, built in slices that leave the event loop free (one build for concurrent callers). */
export function territoryInSlices(geoYear: number, coverage: Coverage): Promise<Territory> {
  const key = `${geoYear}:${coverage}`;
  const built = territories.get(key);
  if (built) return Promise.resolve(built);
  let pending = building.get(key);
  if (!pending) {
    pending = runInSlices(buildTerritory(geoYear, coverage))
      .then((t) => {
        // A synchronous caller may have built it meanwhile: keep the one already handed out.
        const first = territories.get(key) ?? t;
        territories.set(key, first);
        return first;
      })
      .finally(() => building.delete(key));
    building.set(key, pending);
  }
  return pending;
}
