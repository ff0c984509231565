import { z } from 'zod';

/** Accepts one item where the upstream sometimes collapses a one-element array (Insee gen 1). */
export function arrayOrSingle<T extends z.ZodType>(item: T) {
  return z.preprocess((value) => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]), z.array(item));
}

/** A list that may be `null` or absent upstream; always an array downstream. */
export function nullableList<T extends z.ZodType>(item: T) {
  return z.preprocess((value) => (value === null || value === undefined ? [] : value), z.array(item));
}

/** Free text where the upstream writes "" for "none": null downstream. */
export const optionalText = z.preprocess((value) => (value === '' || value === undefined ? null : value), z.string().nullable());

/** A decimal sent as a string ("1563174.78939", "0"); empty or missing is null (secret or absent). */
export const decimalString = z.preprocess(
  (value) => (value === '' || value === null || value === undefined ? null : typeof value === 'number' ? String(value) : value),
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/, 'a decimal number')
    .transform(Number)
    .nullable(),
);
