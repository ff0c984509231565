export interface FormationModel {
  /** `national/<code>/<millesime>`, `regional/<region>/<code>/<millesime>` or `establishment/<uai>/<code>/<millesime>`. */
  readonly id: string;
  readonly code: string;
  readonly codeType: string | null;
  readonly label: string | null;
  readonly diploma: { readonly code: string; readonly label: string } | null;
  readonly track: string | null;
  readonly millesime: string;
  readonly uai: string | null;
  readonly establishmentName: string | null;
  readonly regionCode: string | null;
  readonly finalYearStudents: number | null;
  readonly leavers: number | null;
  readonly employmentRate6Months: number | null;
  readonly employmentRate12Months: number | null;
  readonly employmentRate24Months: number | null;
  readonly furtherStudyRate: number | null;
  readonly otherRate6Months: number | null;
  readonly salary12Months: { readonly q1: number | null; readonly median: number | null; readonly q3: number | null } | null;
  /** For a non-final year: the final years that carry its figures (`certificationsTerminales`). */
  readonly terminalCertifications: readonly FormationModel[];
}
