import { z } from 'zod';
import { nullableList, optionalText } from '../shared/schema-helpers.js';

const named = z.object({ name: z.string(), slug: z.string() });

/** An SIAE as every Marché SIAE endpoint serialises it; "" means "none". */
export const siaeSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  brand: optionalText,
  slug: z.string(),
  siret: z.string(),
  nature: optionalText,
  kind: z.string(),
  kind_parent: optionalText,
  contact_website: optionalText,
  logo_url: optionalText,
  address: optionalText,
  city: optionalText,
  post_code: optionalText,
  department: optionalText,
  region: optionalText,
  is_qpv: z.boolean().optional(),
  is_active: z.boolean().nullable().optional(),
  sectors: nullableList(named),
  presta_types: nullableList(z.string()),
  networks: nullableList(named),
  offers: nullableList(z.object({ name: z.string(), description: optionalText })),
  labels_old: nullableList(z.object({ name: z.string() })),
  created_at: z.string().nullable().optional(),
  updated_at: z.string().nullable().optional(),
});

export type Siae = z.infer<typeof siaeSchema>;

/** DRF limit/offset page. */
export function marchePageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    count: z.number().int().nonnegative(),
    next: z.string().nullable(),
    previous: z.string().nullable(),
    results: z.array(item),
  });
}

export const siaeListSchema = z.array(siaeSchema);
