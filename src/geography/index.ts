import { loadRawGeography } from './load.js';
import { foldName } from './normalize.js';
import type { Commune, Department, Epci, Region } from './types.js';

export type { Commune, Department, Epci, Region } from './types.js';
export { foldName, slugify } from './normalize.js';

/** Indexed, read-only view of the official geography. Built once per process. */
export class Geography {
  readonly communes: readonly Commune[];
  readonly departments: readonly Department[];
  readonly regions: readonly Region[];
  readonly epcis: readonly Epci[];

  private readonly communeByCode = new Map<string, Commune>();
  private readonly communesByDepartment = new Map<string, Commune[]>();
  private readonly communesByPostalCode = new Map<string, Commune[]>();
  private readonly departmentByCode = new Map<string, Department>();
  private readonly regionByCode = new Map<string, Region>();
  private readonly epciByCode = new Map<string, Epci>();
  private readonly foldedNames: string[];

  constructor() {
    const raw = loadRawGeography();
    this.communes = raw.communes;
    this.departments = raw.departments;
    this.regions = raw.regions;
    this.epcis = raw.epcis;
    for (const c of raw.communes) {
      this.communeByCode.set(c.code, c);
      push(this.communesByDepartment, c.departmentCode, c);
      for (const postalCode of c.postalCodes) push(this.communesByPostalCode, postalCode, c);
    }
    for (const d of raw.departments) this.departmentByCode.set(d.code, d);
    for (const r of raw.regions) this.regionByCode.set(r.code, r);
    for (const e of raw.epcis) this.epciByCode.set(e.code, e);
    this.foldedNames = raw.communes.map((c) => foldName(c.name));
  }

  commune(code: string): Commune | undefined {
    return this.communeByCode.get(code);
  }
  department(code: string): Department | undefined {
    return this.departmentByCode.get(code);
  }
  region(code: string): Region | undefined {
    return this.regionByCode.get(code);
  }
  epci(code: string): Epci | undefined {
    return this.epciByCode.get(code);
  }
  communesOfDepartment(code: string): readonly Commune[] {
    return this.communesByDepartment.get(code) ?? [];
  }
  communesOfPostalCode(postalCode: string): readonly Commune[] {
    return this.communesByPostalCode.get(postalCode) ?? [];
  }
  /** Municipal arrondissements of Paris, Lyon or Marseille; empty for any other commune. */
  arrondissementsOf(code: string): readonly Commune[] {
    return this.communesOfDepartment(this.commune(code)?.departmentCode ?? '').filter((c) => c.parentCode === code);
  }

  /**
   * Communes whose name matches `query` regardless of accents, case and punctuation: the whole
   * name first, then names starting with it, then names with a word starting with it; the most
   * populous first within each rank.
   */
  searchCommunes(query: string): Commune[] {
    const folded = foldName(query);
    if (folded === '') return [];
    const ranked: { commune: Commune; rank: number }[] = [];
    for (let i = 0; i < this.communes.length; i++) {
      const name = this.foldedNames[i]!;
      let rank: number;
      if (name === folded) rank = 0;
      else if (name.startsWith(folded)) rank = 1;
      else if (name.includes(` ${folded}`)) rank = 2;
      else continue;
      ranked.push({ commune: this.communes[i]!, rank });
    }
    ranked.sort(
      (a, b) =>
        a.rank - b.rank || (b.commune.population ?? 0) - (a.commune.population ?? 0) || a.commune.code.localeCompare(b.commune.code),
    );
    return ranked.map((r) => r.commune);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

let shared: Geography | undefined;

/** The process-wide geography, loaded on first use. */
export function geography(): Geography {
  shared ??= new Geography();
  return shared;
}
