import { z } from 'zod';
import { nullableList } from '../shared/schema-helpers.js';

// Only `id`, `title` and `slug` are certain on a dataset; everything else varies across udata
// versions, so the rest is optional.

export const organizationRefSchema = z.object({ id: z.string(), name: z.string(), slug: z.string().nullable().optional() });

/**
 * A user: what `GET /users/{user}/` answers, and the reference (`UserReference`) embedded in
 * datasets, discussions and organization members, which carries the same fields we read.
 */
export const userSchema = z.object({
  id: z.string(),
  slug: z.string().nullable().optional(),
  first_name: z.string().nullable().optional(),
  last_name: z.string().nullable().optional(),
  avatar: z.string().nullable().optional(),
  page: z.string().nullable().optional(),
});

export type User = z.infer<typeof userSchema>;

export const resourceSchema = z.object({
  id: z.string(),
  title: z.string().nullable().optional(),
  format: z.string().nullable().optional(),
  url: z.string(),
});

export const datasetSchema = z.object({
  id: z.string(),
  title: z.string(),
  slug: z.string(),
  description: z.string().nullable().optional(),
  page: z.string().nullable().optional(),
  tags: nullableList(z.string()),
  license: z.string().nullable().optional(),
  frequency: z
    .union([z.string(), z.object({ id: z.string() }).transform((f) => f.id)])
    .nullable()
    .optional(),
  last_modified: z.string().nullable().optional(),
  last_update: z.string().nullable().optional(),
  organization: organizationRefSchema.nullable().optional(),
  // The user who publishes it when no organization does; only the id is read (the user is looked up).
  owner: z.object({ id: z.string() }).nullable().optional(),
  // v1 inlines resources; v2 gives a link object instead.
  resources: z
    .union([z.array(resourceSchema), z.object({ href: z.string(), total: z.number() }).transform(() => [])])
    .optional()
    .default([]),
  spatial: z
    .object({
      zones: nullableList(z.union([z.string(), z.object({ id: z.string() }).transform((zone) => zone.id)])),
      granularity: z.unknown().optional(),
    })
    .nullable()
    .optional(),
});

export type Dataset = z.infer<typeof datasetSchema>;

/** udata's pager envelope. */
export function datagouvPageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    page: z.number().int(),
    page_size: z.number().int(),
    total: z.number().int().nonnegative(),
    next_page: z.string().nullable().optional(),
    previous_page: z.string().nullable().optional(),
  });
}

export const discussionSchema = z.object({
  id: z.string(),
  title: z.string(),
  created: z.string(),
  closed: z.string().nullable().optional(),
  discussion: nullableList(
    z.object({
      content: z.string(),
      posted_on: z.string(),
      posted_by: z
        .object({ first_name: z.string().nullable().optional(), last_name: z.string().nullable().optional() })
        .nullable()
        .optional(),
    }),
  ),
});

export const spatialZonesSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      id: z.string(),
      properties: z.object({ name: z.string(), code: z.string().nullable().optional(), level: z.string().optional() }),
    }),
  ),
});
