import { z } from 'zod';

/*
 * Melodi's answers as the recordings show them (../shared/upstreams/examples/insee-melodi), read
 * tolerantly: keys in any order, formatting compact or pretty-printed, unknown keys ignored, and
 * every part a client can do without optional (the service changed between 2025 and 2026).
 */

/** `[{"lang": "fr", "content": "…"}]`; the English `content` is sometimes missing. */
const labels = z.array(z.object({ lang: z.string(), content: z.string().optional() })).catch([]);

/** One dataset of the catalogue (`/catalog/all` items, `/catalog/{id}`). */
export const catalogEntrySchema = z.object({
  identifier: z.string(),
  title: labels.optional(),
  /** Local date-time, e.g. `2025-12-18T12:00:16` (nanoseconds in July 2026). */
  modified: z.string().optional(),
  /** Periods covered, as local date-times: `endPeriod` `2023-01-01T00:00:00` is the 2023 vintage. */
  temporal: z.object({ startPeriod: z.string().optional(), endPeriod: z.string().optional() }).optional(),
  /** The geography its zone codes belong to, e.g. `2025-01-01T01:00:00`. */
  spatialTemporal: z.string().optional(),
  /** The levels it is published for (`COM`, `DEP`…); DS_POPULATIONS_REFERENCE has no `EPCI`. */
  spatialResolution: z.array(z.object({ id: z.string() })).optional(),
});
export type MelodiCatalogEntry = z.infer<typeof catalogEntrySchema>;

export const catalogSchema = z.array(catalogEntrySchema);

/**
 * A measure: `{"value": 327734.0}`. How a missing or confidential value looks is not recorded
 * (key absent, `{}` or `{"value": null}`): all three read as null, never 0.
 */
const measureSchema = z
  .object({ value: z.number().nullable().optional() })
  .nullable()
  .transform((m) => (m?.value ?? null) as number | null);

/**
 * An open map of names to values: an object of no known key whose every key takes `value`. Read
 * as `z.record` reads it (same output, same issue paths) in three quarters of the time: a cold
 * read validates every observation of a department, three maps each.
 */
const openMap = <V extends z.ZodType>(value: V) => z.object({}).catchall(value);

export const observationSchema = z.object({
  /** Codes, always strings (`"2023"`, `"4000"`); GEO as `2025-COM-44109`. An open map: dimensions come and go between vintages. */
  dimensions: openMap(z.string()),
  /** `OBS_STATUS`, `CONF_STATUS`…; absent where the dataset has none. */
  attributes: openMap(z.string()).optional(),
  /** One measure whose name varies (`OBS_VALUE_NIVEAU`, `OBS_VALUE_INDICE_DE_PRIX`); absent or empty reads as none. */
  measures: openMap(measureSchema).optional(),
});
export type MelodiObservationRecord = z.infer<typeof observationSchema>;

/** 2026: `{first, count?}` (all on one page); multi-page `next`/`isLast`; 2025: `{first, next, last, isLast, count}` or `{}`. */
export const pagingSchema = z.object({
  first: z.string().optional(),
  next: z.string().optional(),
  last: z.string().optional(),
  isLast: z.boolean().optional(),
  count: z.number().int().nonnegative().optional(),
});

export const dataPageSchema = z.object({
  identifier: z.string().optional(),
  title: z.object({ fr: z.string().optional(), en: z.string().optional() }).optional(),
  observations: z.array(observationSchema),
  paging: pagingSchema.optional(),
});
export type MelodiDataPage = z.infer<typeof dataPageSchema>;
