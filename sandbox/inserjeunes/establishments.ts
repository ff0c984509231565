import { geography, type Department } from '../product.js';
import { generateUai } from '../seed/identifiers.js';
import { Random } from '../seed/random.js';
import { ACADEMY_OF_DEPARTMENT, CERTIFICATIONS, PERIOD_MILLESIMES } from './reference.js';
import { cohortStats, identitiesOf } from './cohorts.js';
import type { Establishment, StatRow } from './world.js';

/*
 * The establishments of each department (lycées professionnels and CFA, one to eight by
 * population) and the figures of the trainings each teaches, per period.
 */

const LYCEE_NAMES = ['Jean Moulin', 'Jules Verne', 'Marie Curie', 'Louis Pasteur', 'Camille Claudel', 'Victor Hugo'];

export function establishmentsAndFormations(): { establishments: Map<string, Establishment>; formations: StatRow[] } {
  const establishments = new Map<string, Establishment>();
  const formations: StatRow[] = [];
  for (const department of geography().departments.filter((d) => d.zone !== 'com')) {
    for (const { establishment, random } of establishmentsOf(department)) {
      establishments.set(establishment.uai, establishment);
      formations.push(...formationRows(establishment, random));
    }
  }
  return { establishments, formations };
}

/** A department's establishments in its largest towns, every third one a CFA; each with its seeded draws. */
function establishmentsOf(department: Department): { establishment: Establishment; random: Random }[] {
  const g = geography();
  const academie = ACADEMY_OF_DEPARTMENT.get(department.code)!;
  const region = g.region(department.regionCode)!;
  const towns = g
    .communesOfDepartment(department.code)
    .filter((c) => c.kind === 'commune')
    .sort((a, b) => (b.population ?? 0) - (a.population ?? 0));
  const population = towns.reduce((sum, c) => sum + (c.population ?? 0), 0);
  const count = Math.max(1, Math.min(8, Math.ceil(population / 150_000)));
  const found: { establishment: Establishment; random: Random }[] = [];
  for (let i = 0; i < count; i++) {
    const random = new Random(`ij:establishment:${department.code}:${i}`);
    const town = towns[i % Math.max(1, Math.min(towns.length, 5))]!;
    const apprenticeship = i % 3 === 2;
    const establishment: Establishment = {
      uai: generateUai(department.code, random),
      name: apprenticeship ? `CFA de ${town.name}` : `Lycée professionnel ${random.pick(LYCEE_NAMES)} ${town.name}`,
      region: { code: region.code, nom: region.name },
      academie,
      apprenticeship,
    };
    found.push({ establishment, random });
  }
  return found;
}

/** The figures of the trainings an establishment teaches (drawn with its `random`), per period. */
function formationRows(establishment: Establishment, random: Random): StatRow[] {
  const { apprenticeship, academie } = establishment;
  const rows: StatRow[] = [];
  // The first establishment of each department teaches commerce, so every region has it.
  const taught = [CERTIFICATIONS[0]!, ...random.sample(CERTIFICATIONS.slice(1, 16), random.int(2, 7))];
  for (const def of taught) {
    const identity = identitiesOf(def).find((id) => id.filiere === (apprenticeship ? 'apprentissage' : 'pro'));
    if (!identity) continue;
    for (const millesime of PERIOD_MILLESIMES) {
      const rowRandom = new Random(`ij:formation:${establishment.uai}:${identity.code_certification}:${millesime}`);
      rows.push({
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
  return rows;
}
