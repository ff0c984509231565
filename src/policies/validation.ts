import type { z } from 'zod';
import type { SourceName } from '../sources/names.js';
import { UpstreamError } from './errors.js';

/** An upstream's body read against its schema; one that is not JSON or breaks it is UPSTREAM_INVALID_RESPONSE. */
export function validated<S extends z.ZodType>(source: SourceName, text: string, schema: S): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UpstreamError('UPSTREAM_INVALID_RESPONSE', source, `${source} answered a body that is not JSON`, { notJson: true });
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const where = result.error.issues[0]?.path.join('.') || 'the top level';
    throw new UpstreamError('UPSTREAM_INVALID_RESPONSE', source, `${source} answered a body that breaks its contract (at ${where})`);
  }
  return result.data;
}

/**
 * A kept "not found" body, when the schema describes it; one it does not describe (a gateway's
 * own 404, say) is only a not-found: `null`, never an invalid response.
 */
export function notFoundBody<S extends z.ZodType>(text: string, schema: S): z.output<S> | null {
  try {
    const result = schema.safeParse(JSON.parse(text));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}
