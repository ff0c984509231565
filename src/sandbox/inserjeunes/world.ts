import { geography } from '../../geography/index.js';
import { generateUai } from '../seed/identifiers.js';
import { Random } from '../seed/random.js';
import {
  ACADEMY_OF_DEPARTMENT,
  CERTIFICATIONS,
  NATIONAL_MILLESIMES,
  NON_TERMINAL_YEARS,
  PERIOD_MILLESIMES,
  SISE_CERTIFICATION,
  type CertificationDef,
} from './reference.js';

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

/** Figures of a cohort of `students` final-year students, with the API's display rule applied. */
export function cohortStats(students: number, random: Random, withSalaries: boolean, apprenticeship: boolean): Stats {
  const leavers = Math.round(students * (0.45 + random.next() * 0.35));
  const continuing = students - leavers;
  const employed6 = Math.round(leavers * (0.35 + random.next() * 0.35));
  const employed12 = Math.min(leavers, Math.round(employed6 * (1.05 + random.next() * 0.15)));
  const employed18 = Math.min(leavers, Math.round(employed12 * 1.04));
  const employed24 = Math.min(leavers, Math.round(employed18 * 1.03));
  const rate = (n: number, of: number) => (of === 0 ? 0 : Math.round((100 * n) / of));
  const stats: Stats = {
    nb_annee_term: students,
    nb_sortant: leavers,
    nb_poursuite_etudes: continuing,
    nb_en_emploi_6_mois: employed6,
    nb_en_emploi_12_mois: employed12,
    nb_en_emploi_18_mois: employed18,
    nb_en_emploi_24_mois: employed24,
    taux_en_emploi_6_mois: rate(employed6, students),
    taux_en_emploi_12_mois: rate(employed12, students),
    taux_en_emploi_18_mois: rate(employed18, students),
    taux_en_emploi_24_mois: rate(employed24, students),
    taux_en_formation: rate(continuing, students),
  };
  for (const months of [6, 12, 18, 24]) {
    stats[`taux_autres_${months}_mois`] = Math.max(0, 100 - stats[`taux_en_emploi_${months}_mois`]! - stats.taux_en_formation!);
  }
  if (apprenticeship) stats.taux_rupture_contrats = random.int(15, 35);
  if (withSalaries) {
    const median = random.int(1350, 1750);
    Object.assign(stats, {
      salaire_12_mois_q1: median - random.int(150, 250),
      salaire_12_mois_q2: median,
      salaire_12_mois_q3: median + random.int(150, 350),
    });
  }
  // Fewer than 20 final-year students: every rate and count but nb_annee_term is hidden.
  if (students < 20) for (const key of Object.keys(stats)) if (key !== 'nb_annee_term' && !key.startsWith('salaire')) stats[key] = null;
  return stats;
}

function identitiesOf(def: CertificationDef): CodeIdentity[] {
  const list: CodeIdentity[] = [
    {
      code_certification: def.cfd,
      code_certification_type: 'cfd',
      code_formation_diplome: def.cfd,
      libelle: def.libelle,
      filiere: 'apprentissage',
      diplome: def.diplome,
    },
  ];
  if (def.mef11)
    list.push({
      code_certification: def.mef11,
      code_certification_type: 'mef11',
      code_formation_diplome: def.cfd,
      libelle: def.libelle,
      filiere: 'pro',
      diplome: def.diplome,
    });
  return list;
}

export function buildInserJeunesWorld(): InserJeunesWorld {
  const g = geography();
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
  const hasFigures = (code: string, millesime: string) => {
    const last = closedAfter.get(code);
    return last === undefined || (millesime.split('_')[1] ?? millesime) <= last;
  };
  const nonTerminalYears = new Map<string, NonTerminalYear>();
  for (const def of NON_TERMINAL_YEARS) {
    nonTerminalYears.set(def.mef11, {
      identity: {
        code_certification: def.mef11,
        code_certification_type: 'mef11',
        code_formation_diplome: def.cfd,
        libelle: def.libelle,
        filiere: 'pro',
        diplome: def.diplome,
      },
      terminales: def.terminales,
      ...(def.famille ? { familleMetier: def.famille } : {}),
    });
  }
  const sise: CodeIdentity = {
    code_certification: SISE_CERTIFICATION.sise,
    code_certification_type: 'sise',
    libelle: SISE_CERTIFICATION.libelle,
    filiere: 'superieur',
    diplome: SISE_CERTIFICATION.diplome,
  };
  identities.set(sise.code_certification, sise);

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

  const regions = g.regions.filter((r) => r.zone !== 'com');
  const regional: StatRow[] = [];
  for (const region of regions) {
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

  const establishments = new Map<string, Establishment>();
  const formations: StatRow[] = [];
  for (const department of g.departments.filter((d) => d.zone !== 'com')) {
    const academie = ACADEMY_OF_DEPARTMENT.get(department.code)!;
    const region = g.region(department.regionCode)!;
    const towns = g
      .communesOfDepartment(department.code)
      .filter((c) => c.kind === 'commune')
      .sort((a, b) => (b.population ?? 0) - (a.population ?? 0));
    const population = towns.reduce((sum, c) => sum + (c.population ?? 0), 0);
    const count = Math.max(1, Math.min(8, Math.ceil(population / 150_000)));
    for (let i = 0; i < count; i++) {
      const random = new Random(`ij:establishment:${department.code}:${i}`);
      const town = towns[i % Math.max(1, Math.min(towns.length, 5))]!;
      const apprenticeship = i % 3 === 2;
      const establishment: Establishment = {
        uai: generateUai(department.code, random),
        name: apprenticeship
          ? `CFA de ${town.name}`
          : `Lycée professionnel ${random.pick(['Jean Moulin', 'Jules Verne', 'Marie Curie', 'Louis Pasteur', 'Camille Claudel', 'Victor Hugo'])} ${town.name}`,
        region: { code: region.code, nom: region.name },
        academie,
        apprenticeship,
      };
      establishments.set(establishment.uai, establishment);
      // The first establishment of each department teaches commerce, so every region has it.
      const taught = [CERTIFICATIONS[0]!, ...random.sample(CERTIFICATIONS.slice(1, 16), random.int(2, 7))];
      for (const def of taught) {
        const identity = identitiesOf(def).find((id) => id.filiere === (apprenticeship ? 'apprentissage' : 'pro'));
        if (!identity) continue;
        for (const millesime of PERIOD_MILLESIMES) {
          const rowRandom = new Random(`ij:formation:${establishment.uai}:${identity.code_certification}:${millesime}`);
          formations.push({
            ...identity,
            millesime,
            uai: establishment.uai,
            libelle_etablissement: establishment.name,
            region: establishment.region,
            academie,
            uai_type: 'lieu_formation',
            uai_donnee: establishment.uai,
            uai_donnee_type: apprenticeship ? 'formateur' : 'lieu_formation',
            stats: cohortStats(rowRandom.int(8, 60), rowRandom, false, apprenticeship),
          });
        }
      }
    }
  }
  return { identities, nonTerminalYears, national, regional, formations, establishments };
}
