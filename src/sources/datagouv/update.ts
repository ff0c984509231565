import { z } from 'zod';
import { UpstreamError } from '../../policies/errors.js';
import { datasetSchema } from './schemas.js';

/*
 * udata's `PUT /api/1/datasets/{id}/` replaces the dataset rather than patching it: its form
 * resets `tags` to [] and `temporal_coverage` to null when their keys are absent (udata issue
 * #2468). So an update sends the dataset back whole, as udata's own clients do (GET, edit, PUT),
 * with the caller's fields over it.
 */

/**
 * A dataset as its v1 answer gives it: validated where we read it, and kept as it came for
 * sending back, keys we do not know included (a stripped copy would wipe them).
 */
export const datasetAsStoredSchema = z.record(z.string(), z.unknown()).transform((raw, ctx) => {
  const parsed = datasetSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    return z.NEVER;
  }
  return { raw, dataset: parsed.data };
});

/** The whole body of a `PUT`: the dataset as it is, with the given fields replaced. */
export function fullUpdateBody(current: Record<string, unknown>, changes: object): Record<string, unknown> {
  const body = { ...current };
  for (const [key, value] of Object.entries(changes)) if (value !== undefined) body[key] = value;
  return body;
}

/**
 * An update of a dataset that is not there fails on the caller's argument: data.gouv.fr
 * answers 404 for an unknown (or hidden) dataset and 410 for a deleted one.
 */
export function missingDatasetError(error: unknown): unknown {
  if (!(error instanceof UpstreamError)) return error;
  const { status } = error.details;
  if (status !== 404 && status !== 410) return error;
  const message = status === 410 ? 'This data.gouv.fr dataset has been deleted' : 'No data.gouv.fr dataset has this id';
  return new UpstreamError('BAD_USER_INPUT', 'datagouv', message, { status, fields: { id: [message] } });
}
