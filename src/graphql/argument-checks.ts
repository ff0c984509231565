/**
 * Argument checks: each domain module declares, by schema coordinate, how its arguments must look
 * (validation.ts runs them all before execution). These combinators build them.
 */

/** A check of one argument value: a message when it is malformed. */
export type Check = (value: unknown) => string | undefined;

/** A check of a string value (other types are the schema's to refuse). */
export const text =
  (check: (v: string) => string | undefined): Check =>
  (value) =>
    typeof value === 'string' ? check(value) : undefined;

/** A check of each item of a list value. */
export const each =
  (check: Check): Check =>
  (value) =>
    Array.isArray(value) ? value.map(check).find(Boolean) : undefined;
