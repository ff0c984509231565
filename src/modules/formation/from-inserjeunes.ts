import type { z } from 'zod';
import type { FormationModel } from './models.js';
import type { certificationStatsSchema, formationStatsSchema, regionalStatsSchema } from '../../sources/inserjeunes/schemas.js';

type Row = z.infer<typeof certificationStatsSchema> &
  Partial<z.infer<typeof formationStatsSchema>> &
  Partial<z.infer<typeof regionalStatsSchema>>;

type Terminal = NonNullable<Row['certificationsTerminales']>[number];

// Absent (not computable, or a non-final year) and null (fewer than 20 students) both read null:
// a figure upstream did not give is never made up.
const stat = (value: number | null | undefined) => value ?? null;

export function formationFromInserJeunes(row: Row): FormationModel {
  return {
    ...figuresOf(row, row.millesime),
    // A stub of the old or the error kind carries no millésime or place: the parent's apply.
    terminalCertifications: (row.certificationsTerminales ?? []).map((terminal) => terminalFrom(terminal, row)),
  };
}

function terminalFrom(terminal: Terminal, parent: Row): FormationModel {
  const place =
    terminal.uai || terminal.region ? {} : { region: parent.region, uai: parent.uai, libelle_etablissement: parent.libelle_etablissement };
  return { ...figuresOf({ ...terminal, ...place }, terminal.millesime ?? parent.millesime), terminalCertifications: [] };
}

function figuresOf(row: Omit<Terminal, 'millesime'>, millesime: string): Omit<FormationModel, 'terminalCertifications'> {
  const salaries = [row.salaire_12_mois_q1, row.salaire_12_mois_q2, row.salaire_12_mois_q3];
  const id = row.uai
    ? `establishment/${row.uai}/${row.code_certification}/${millesime}`
    : row.region
      ? `regional/${row.region.code}/${row.code_certification}/${millesime}`
      : `national/${row.code_certification}/${millesime}`;
  return {
    id,
    code: row.code_certification,
    codeType: row.code_certification_type ?? null,
    label: row.libelle ?? null,
    diploma: row.diplome ? { code: row.diplome.code, label: row.diplome.libelle } : null,
    track: row.filiere ?? null,
    millesime,
    uai: row.uai ?? null,
    establishmentName: row.libelle_etablissement ?? null,
    regionCode: row.region?.code ?? null,
    finalYearStudents: stat(row.nb_annee_term),
    leavers: stat(row.nb_sortant),
    employmentRate6Months: stat(row.taux_en_emploi_6_mois),
    employmentRate12Months: stat(row.taux_en_emploi_12_mois),
    employmentRate24Months: stat(row.taux_en_emploi_24_mois),
    furtherStudyRate: stat(row.taux_en_formation),
    otherRate6Months: stat(row.taux_autres_6_mois),
    salary12Months: salaries.some((s) => s !== undefined && s !== null)
      ? { q1: stat(salaries[0]), median: stat(salaries[1]), q3: stat(salaries[2]) }
      : null,
  };
}
