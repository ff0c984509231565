import { z } from 'zod';

// Every statistic may be absent (not computable) or null (fewer than 20 students).
const stat = z.number().nullable().optional();

const identity = {
  millesime: z.string(),
  code_certification: z.string(),
  code_certification_type: z.enum(['cfd', 'mef11', 'sise']).optional(),
  code_formation_diplome: z.string().optional(),
  libelle: z.string().optional(),
  filiere: z.string().optional(),
  diplome: z.object({ code: z.string(), libelle: z.string() }).optional(),
};

const stats = {
  nb_annee_term: stat,
  nb_sortant: stat,
  nb_poursuite_etudes: stat,
  taux_en_emploi_6_mois: stat,
  taux_en_emploi_12_mois: stat,
  taux_en_emploi_18_mois: stat,
  taux_en_emploi_24_mois: stat,
  taux_en_formation: stat,
  taux_autres_6_mois: stat,
  taux_autres_12_mois: stat,
  salaire_12_mois_q1: stat,
  salaire_12_mois_q2: stat,
  salaire_12_mois_q3: stat,
};

const region = z.object({ code: z.string(), nom: z.string() });

/**
 * One final year of a non-final year's answer: its full figures, a stub naming why they are
 * missing (`{error, millesimes, code_certification}`), or, before 2026-01, the bare code.
 */
const terminalCertification = z.object({
  ...identity,
  ...stats,
  millesime: z.string().optional(),
  region: region.optional(),
  uai: z.string().optional(),
  libelle_etablissement: z.string().optional(),
  error: z.string().optional(),
});

/** A non-final year (seconde, première) answers without figures, its final years holding them. */
const nonFinalYear = { certificationsTerminales: z.array(terminalCertification).optional() };

export const certificationStatsSchema = z.object({ ...identity, ...stats, ...nonFinalYear });
export const regionalStatsSchema = z.object({ ...identity, ...stats, ...nonFinalYear, region });
export const formationStatsSchema = z.object({
  ...identity,
  ...stats,
  ...nonFinalYear,
  uai: z.string(),
  libelle_etablissement: z.string().optional(),
  region: region.optional(),
  academie: region.optional(),
});

export const paginationSchema = z.object({
  page: z.coerce.number().int(),
  items_par_page: z.coerce.number().int(),
  nombre_de_page: z.coerce.number().int(),
  total: z.coerce.number().int().nonnegative(),
});

export const certificationsPageSchema = z.object({ certifications: z.array(certificationStatsSchema), pagination: paginationSchema });
export const formationsPageSchema = z.object({ formations: z.array(formationStatsSchema), pagination: paginationSchema });
export const regionalesPageSchema = z.object({ regionales: z.array(regionalStatsSchema), pagination: paginationSchema });

/** The API's error body; `message` distinguishes the 404s. */
export const inserjeunesErrorSchema = z.object({ statusCode: z.number(), message: z.string(), data: z.unknown().optional() });

/**
 * A single-item 404: `Certification inconnue`, `Formation inconnue`… or `Pas de données pour le
 * millésime` with the millésimes that do have figures (most recent first).
 */
export const notFoundSchema = z.object({
  statusCode: z.literal(404),
  message: z.string(),
  data: z
    .object({ millesime: z.string(), millesimesDisponible: z.array(z.string()) })
    .optional()
    .catch(undefined),
});
export type NotFoundBody = z.infer<typeof notFoundSchema>;

/** What a single-item route answers: figures (200) or its 404 body. */
export const certificationAnswerSchema = z.union([certificationStatsSchema, notFoundSchema]);
export const regionalAnswerSchema = z.union([regionalStatsSchema, notFoundSchema]);
export const formationAnswerSchema = z.union([formationStatsSchema, notFoundSchema]);

/**
 * The Omogen gateway's token answer. labonnealternance validates exactly these three keys;
 * 1j1s reads only the first two, so `token_type` is not required.
 */
export const omogenTokenSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive().optional(),
  token_type: z.string().optional(),
});
