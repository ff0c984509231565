import { loadRawGeography } from './load.js';
import { foldName } from './normalize.js';
import type { Arrondissement, Commune, Department, Epci, FormerCommune, Region } from './types.js';

export type { Arrondissement, Commune, Department, Epci, FormerCommune, FormerCommuneKind, Region } from './types.js';
export { foldName, slugify } from './normalize.js';

/**
 * The vintage of the legal populations the embedded geography carries (its communes'
 * `population`: @etalab/decoupage-administratif 6.0.0 holds the populations municipales of 2023).
 * A fact of the package, to be changed with it; which vintage is in force is Melodi's catalogue's
 * to say.
 */
export const GEOGRAPHY_POPULATION_YEAR = 2023;

/** Indexed, read-only view of the official geography. Built once per process. */
export class Geography {
  readonly communes: readonly Commune[];
  readonly departments: readonly Department[];
  readonly regions: readonly Region[];
  readonly epcis: readonly Epci[];
  readonly arrondissements: readonly Arrondissement[];

  private readonly communeByCode = new Map<string, Commune>();
  private readonly communesByDepartment = new Map<string, Commune[]>();
  private readonly communesByPostalCode = new Map<string, Commune[]>();
  private readonly departmentByCode = new Map<string, Department>();
  private readonly regionByCode = new Map<string, Region>();
  private readonly epciByCode = new Map<string, Epci>();
  private readonly arrondissementByCode = new Map<string, Arrondissement>();
  private readonly communesByArrondissement = new Map<string, Commune[]>();
  private readonly formerByCurrent = new Map<string, FormerCommune[]>();
  private readonly currentCodeOfFormer = new Map<string, string>();
  private readonly foldedNames: string[];

  constructor() {
    const raw = loadRawGeography();
    this.communes = raw.communes;
    this.departments = raw.departments;
    this.regions = raw.regions;
    this.epcis = raw.epcis;
    this.arrondissements = raw.arrondissements;
    for (const c of raw.communes) {
      this.communeByCode.set(c.code, c);
      push(this.communesByDepartment, c.departmentCode, c);
      if (c.kind === 'commune' && c.arrondissementCode) push(this.communesByArrondissement, c.arrondissementCode, c);
      for (const postalCode of c.postalCodes) push(this.communesByPostalCode, postalCode, c);
    }
    for (const d of raw.departments) this.departmentByCode.set(d.code, d);
    for (const r of raw.regions) this.regionByCode.set(r.code, r);
    for (const e of raw.epcis) this.epciByCode.set(e.code, e);
    for (const a of raw.arrondissements) this.arrondissementByCode.set(a.code, a);
    for (const f of raw.formerCommunes) {
      push(this.formerByCurrent, f.currentCode, f);
      if (!this.currentCodeOfFormer.has(f.code)) this.currentCodeOfFormer.set(f.code, f.currentCode);
    }
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
  arrondissement(code: string): Arrondissement | undefined {
    return this.arrondissementByCode.get(code);
  }
  /**
   * The commune a code stands for today: the current commune (or municipal arrondissement) of
   * that code, else the one a former commune of that code was merged into. Every code read from
   * users or upstreams goes through here, so an old code lands in today's commune.
   */
  currentCommune(code: string): Commune | undefined {
    const current = this.communeByCode.get(code);
    if (current) return current;
    const mergedInto = this.currentCodeOfFormer.get(code);
    return mergedInto === undefined ? undefined : this.communeByCode.get(mergedInto);
  }
  /** The former communes merged into a current one (its own code too, when a delegated commune keeps it). */
  formerCommunesOf(code: string): readonly FormerCommune[] {
    return this.formerByCurrent.get(code) ?? [];
  }
  /** Current communes of an arrondissement (municipal arrondissements excluded: their commune is listed). */
  communesOfArrondissement(code: string): readonly Commune[] {
    return this.communesByArrondissement.get(code) ?? [];
  }
  arrondissementsOfDepartment(code: string): readonly Arrondissement[] {
    return this.arrondissements.filter((a) => a.departmentCode === code);
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

/**
 * Today's code for a commune code read from a user or an upstream (data·inclusion's `code_insee`,
 * data.gouv.fr's zones): a former commune's code becomes that of the commune it was merged
 * into; a code the geography does not know is kept as given.
 */
export function currentCommuneCode(code: string): string;
export function currentCommuneCode(code: string | null | undefined): string | null;
export function currentCommuneCode(code: string | null | undefined): string | null {
  if (code === null || code === undefined) return null;
  return geography().currentCommune(code)?.code ?? code;
}
