import { geography } from '../product.js';

/*
 * The study zonings the sandbox serves cubes for (employment zones, urban units, urban-attraction
 * areas, 2020 delineations). The embedded geography does not hold them, so each is stood in for by
 * a set of current communes, which gives it a population: fixtures of the simulation, not Insee's
 * delineations. Codes have the forms of Insee's files (ZE 4 characters, UU 5, AAV 3).
 */
export type StudyLevel = 'ZE2020' | 'UU2020' | 'AAV2020';

const epciMembers = (siren: string) => () => geography().epci(siren)?.memberCodes ?? [];
const departmentsCommunes =
  (...codes: string[]) =>
  () =>
    codes.flatMap((d) =>
      geography()
        .communesOfDepartment(d)
        .filter((c) => c.kind === 'commune')
        .map((c) => c.code),
    );

const STUDY_ZONES: Record<StudyLevel, Record<string, () => readonly string[]>> = {
  // Nantes Métropole and the Paris area's inner departments.
  ZE2020: { '5213': epciMembers('244400404'), '1109': departmentsCommunes('75') },
  UU2020: { '44701': epciMembers('244400404'), '00851': departmentsCommunes('75', '92', '93', '94') },
  AAV2020: { '008': epciMembers('244400404'), '001': departmentsCommunes('75', '77', '78', '91', '92', '93', '94', '95') },
};

export function isStudyLevel(level: string): level is StudyLevel {
  return Object.hasOwn(STUDY_ZONES, level);
}

/** The communes standing for a study zone; undefined for a code the sandbox does not know. */
export function studyZoneCommunes(level: StudyLevel, code: string): readonly string[] | undefined {
  return STUDY_ZONES[level][code]?.();
}

/** The codes of one study level's zones the sandbox knows. */
export function studyZoneCodes(level: StudyLevel): readonly string[] {
  return Object.keys(STUDY_ZONES[level]);
}
