import { geography } from '../product.js';
import { Random } from '../seed/random.js';
import { cohortStats, identitiesOf, lyceeIdentity } from './cohorts.js';
import { establishmentsAndFormations } from './establishments.js';
import { CERTIFICATIONS, NATIONAL_MILLESIMES, NON_TERMINAL_YEARS, PERIOD_MILLESIMES, SISE_CERTIFICATION } from './reference.js';

export type Filiere = 'apprentissage' | 'pro' | 'agricole' | 'superieur';

/** Identity of a certification code as the API returns it. */
export interface CodeIdentity {
  code_certification: string;
  code_certification_type: 'cfd' | 'mef11' | 'sise';
  code_formation_diplome?: string;
  libelle: string;
  filiere: Filiere;
  diplome: { code: string; libelle: string };
}

export type Stats = Record<string, number | null>;

export interface StatRow extends CodeIdentity {
  millesime: string;
  stats: Stats;
  /** Where the figures come from: region for regional rows, establishment for formations. */
  region?: { code: string; nom: string };
  uai?: string;
  libelle_etablissement?: string;
  academie?: { code: string; nom: string };
  uai_type?: string;
  uai_donnee?: string;
  uai_donnee_type?: string;
}

export interface Establishment {
  uai: string;
  name: string;
  region: { code: string; nom: string };
  academie: { code: string; nom: string };
  apprenticeship: boolean;
}

/** A non-final year: its own identity, and the final years that carry its figures. */
export interface NonTerminalYear {
  identity: CodeIdentity;
  terminales: string[];
  familleMetier?: { code: string; libelle: string; isAnneeCommune: boolean };
}

export interface InserJeunesWorld {
  identities: Map<string, CodeIdentity>;
  nonTerminalYears: Map<string, NonTerminalYear>;
  national: StatRow[];
  regional: StatRow[];
  formations: StatRow[];
  establishments: Map<string, Establishment>;
}

/** Which codes exist, and which have figures for a millésime and a region. */
interface Catalogue {
  identities: Map<string, CodeIdentity>;
  /** Whether a code has figures for a millésime (a closed diploma has none after its last). */
  hasFigures(code: string, millesime: string): boolean;
  /** Regions where a code was never taught. */
  absentFrom: Map<string, string[]>;
}

/**
 * The figures InserJeunes publishes: national ones by year, regional ones by period, and per
 * establishment (lycées and CFA generated in every department), each row from a seed of its own.
 */
export function buildInserJeunesWorld(): InserJeunesWorld {
  const catalogue = catalogueOf();
  const { establishments, formations } = establishmentsAndFormations();
  return {
    identities: catalogue.identities,
    nonTerminalYears: nonTerminalYearsOf(),
    national: nationalRows(catalogue),
    regional: regionalRows(catalogue),
    formations,
    establishments,
  };
}

function catalogueOf(): Catalogue {
  const identities = new Map<string, CodeIdentity>();
  /** National year after which a closed diploma has no figures. */
  const closedAfter = new Map<string, string>();
  const absentFrom = new Map<string, string[]>();
  for (const def of CERTIFICATIONS)
    for (const identity of identitiesOf(def)) {
      identities.set(identity.code_certification, identity);
      if (def.lastMillesime) closedAfter.set(identity.code_certification, def.lastMillesime);
      if (def.absentFrom) absentFrom.set(identity.code_certification, def.absentFrom);
    }
  const sise: CodeIdentity = {
    code_certification: SISE_CERTIFICATION.sise,
    code_certification_type: 'sise',
    libelle: SISE_CERTIFICATION.libelle,
    filiere: 'superieur',
    diplome: SISE_CERTIFICATION.diplome,
  };
  identities.set(sise.code_certification, sise);
  const hasFigures = (code: string, millesime: string) => {
    const last = closedAfter.get(code);
    return last === undefined || (millesime.split('_')[1] ?? millesime) <= last;
  };
  return { identities, hasFigures, absentFrom };
}

function nonTerminalYearsOf(): Map<string, NonTerminalYear> {
  const nonTerminalYears = new Map<string, NonTerminalYear>();
  for (const def of NON_TERMINAL_YEARS) {
    nonTerminalYears.set(def.mef11, {
      identity: lyceeIdentity(def),
      terminales: def.terminales,
      ...(def.famille ? { familleMetier: def.famille } : {}),
    });
  }
  return nonTerminalYears;
}

function nationalRows({ identities, hasFigures }: Catalogue): StatRow[] {
  const national: StatRow[] = [];
  for (const identity of identities.values()) {
    for (const millesime of NATIONAL_MILLESIMES) {
      // Higher-education figures start a year later: the last school vintage has no row for them.
      if (identity.filiere === 'superieur' && millesime === '2020') continue;
      if (!hasFigures(identity.code_certification, millesime)) continue;
      const random = new Random(`ij:national:${identity.code_certification}:${millesime}`);
      national.push({
        ...identity,
        millesime,
        stats: cohortStats(random.int(800, 12_000), random, true, identity.filiere === 'apprentissage'),
      });
    }
  }
  return national;
}

function regionalRows({ identities, hasFigures, absentFrom }: Catalogue): StatRow[] {
  const regional: StatRow[] = [];
  for (const region of geography().regions.filter((r) => r.zone !== 'com')) {
    for (const identity of identities.values()) {
      if (identity.filiere === 'superieur' || absentFrom.get(identity.code_certification)?.includes(region.code)) continue;
      for (const millesime of PERIOD_MILLESIMES) {
        if (!hasFigures(identity.code_certification, millesime)) continue;
        const random = new Random(`ij:regional:${region.code}:${identity.code_certification}:${millesime}`);
        // Small regions lack some trainings altogether.
        if (random.chance(region.code.length === 2 && Number(region.code) < 10 ? 0.4 : 0.03)) continue;
        regional.push({
          ...identity,
          millesime,
          region: { code: region.code, nom: region.name },
          stats: cohortStats(random.int(10, 900), random, false, identity.filiere === 'apprentissage'),
        });
      }
    }
  }
  return regional;
}
