import type { Random } from '../seed/random.js';
import type { CertificationDef } from './reference.js';
import type { CodeIdentity, Stats } from './world.js';

/*
 * The codes of a certification, and the figures of a cohort, shared by the national, regional
 * and per-establishment rows.
 */

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

/** The codes of a certification: its CFD (apprenticeship), and its MEFSTAT11 when taught in lycées. */
export function identitiesOf(def: CertificationDef): CodeIdentity[] {
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
  if (def.mef11) list.push(lyceeIdentity({ ...def, mef11: def.mef11 }));
  return list;
}

/** A certification as lycées teach it: its MEFSTAT11 code, in the vocational track. */
export function lyceeIdentity(def: Pick<CertificationDef, 'cfd' | 'libelle' | 'diplome'> & { mef11: string }): CodeIdentity {
  return {
    code_certification: def.mef11,
    code_certification_type: 'mef11',
    code_formation_diplome: def.cfd,
    libelle: def.libelle,
    filiere: 'pro',
    diplome: def.diplome,
  };
}
