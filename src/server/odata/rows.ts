import type { Property } from './model.js';
import type { Read } from './request.js';

/** The value at a path of a GraphQL row; a list on the way maps the rest of the path over its items. */
function valueAt(row: unknown, path: readonly string[]): unknown {
  if (path.length === 0 || row === null || row === undefined) return row ?? null;
  if (Array.isArray(row)) return row.map((item) => valueAt(item, path));
  return valueAt((row as Record<string, unknown>)[path[0]!], path.slice(1));
}

/** An instant in OData's form (`2026-06-11T08:30:00.000Z`); null rather than a value a BI tool would refuse the whole refresh for. */
function instantOf(value: unknown): string | null {
  const time = typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function propertyValue(row: unknown, property: Property): unknown {
  const value = valueAt(row, property.path);
  if (property.instant) return instantOf(value);
  if (property.distinct) return Array.isArray(value) ? [...new Set(value)] : [];
  const complex = property.complex;
  if (!complex || value === null) return value;
  const one = (item: unknown) => Object.fromEntries(complex.properties.map((p) => [p.name, propertyValue(item, p)]));
  return Array.isArray(value) ? value.map(one) : one(value);
}

function entity(row: unknown, properties: readonly Property[]): Record<string, unknown> {
  return Object.fromEntries(properties.map((p) => [p.name, propertyValue(row, p)]));
}

/** A GraphQL row as an OData entity: its properties asked for, and its expanded entities. */
export function entityOf(read: Read, row: unknown): Record<string, unknown> {
  const body = entity(row, read.select);
  for (const { navigation, select } of read.expand) {
    const target = (row as Record<string, unknown>)[navigation.field];
    body[navigation.name] = target === null || target === undefined ? null : entity(target, select);
  }
  return body;
}
