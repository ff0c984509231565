import { z } from 'zod';
import { arrayOrSingle, decimalString } from '../shared/schema-helpers.js';

// Données locales, generation 2 (current gateway): plain keys, arrays kept. Single objects where
// an array is expected are accepted too, as some gateways collapse them.

const zoneRef = z.object({ codgeo: z.string(), nivgeo: z.string() });
const modality = z.object({ code: z.string(), variable: z.string() });

export const inseeCubeSchema = z.object({
  Croisement: z.object({
    JeuDonnees: z.object({
      code: z.string(),
      Libelle: z.string().optional(),
      Annee: z.coerce.number().int().optional(),
      Source: z.string().optional(),
    }),
    Groupe: z.object({ code: z.string(), value: z.string().optional() }).optional(),
  }),
  Zone: arrayOrSingle(zoneRef),
  Variable: arrayOrSingle(z.object({ code: z.string(), Libelle: z.string().optional(), Modalite: arrayOrSingle(modality) })),
  Cellule: arrayOrSingle(
    z.object({
      Zone: zoneRef.optional(),
      Mesure: z.object({ code: z.string(), value: z.string().optional() }),
      Modalite: arrayOrSingle(modality),
      Valeur: decimalString,
    }),
  ),
});

export type InseeCube = z.infer<typeof inseeCubeSchema>;

/**
 * A 200's cube, or a 404's body: `{"message": …}` in JSON (the wrapper is not documented; a body
 * of another form is read as a plain not-found).
 */
export const cubeOrNotFoundSchema = z.union([inseeCubeSchema, z.object({ message: z.string() })]);
