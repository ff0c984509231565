import { z } from 'zod';
import { nullableList } from '../shared/schema-helpers.js';

const address = {
  adresse: z.string().nullable().optional(),
  commune: z.string().nullable().optional(),
  code_postal: z.string().nullable().optional(),
  code_insee: z.string().nullable().optional(),
  longitude: z.number().nullable().optional(),
  latitude: z.number().nullable().optional(),
};

export const structureSchema = z.object({
  source: z.string(),
  id: z.string(),
  nom: z.string(),
  siret: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  site_web: z.string().nullable().optional(),
  reseaux_porteurs: nullableList(z.string()),
  ...address,
});

export type DiStructure = z.infer<typeof structureSchema>;

export const serviceSchema = z.object({
  source: z.string(),
  id: z.string(),
  structure_id: z.string(),
  nom: z.string(),
  description: z.string().nullable().optional(),
  type: z.string().nullable().optional(),
  thematiques: nullableList(z.string()),
  frais: z.string().nullable().optional(),
  modes_accueil: nullableList(z.string()),
  ...address,
});

export type DiService = z.infer<typeof serviceSchema>;

export const detailedServiceSchema = serviceSchema.extend({ structure: structureSchema });

/**
 * `GET /structures/{id}`: the structure with all its services (no territory filter applies to
 * them) and its duplicates as full structures (`doublons`, not read here).
 */
export const detailedStructureSchema = structureSchema.extend({ services: z.array(serviceSchema) });

export type DiDetailedStructure = z.infer<typeof detailedStructureSchema>;

/** FastAPI `Page[T]`; `size` is the number of items in this page, not the size asked for. */
export function diPageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int().nonnegative(),
    page: z.number().int(),
    size: z.number().int(),
    pages: z.number().int(),
  });
}

export const serviceSearchPageSchema = diPageSchema(z.object({ service: detailedServiceSchema, distance: z.number().int().nullable() }));
