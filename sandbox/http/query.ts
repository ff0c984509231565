/** A parsed query string: repeated keys become arrays. */
export type Query = Record<string, string | string[] | undefined>;

/** Every value given for a repeated key, in order. */
export function allValues(query: Query, name: string): string[] {
  const value = query[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The value of a single-valued key; the last one wins when repeated, as in most frameworks. */
export function lastValue(query: Query, name: string): string | undefined {
  const values = allValues(query, name);
  return values[values.length - 1];
}

/** A query string with the given keys, repeated keys for arrays (for `next` links). */
export function encodeQuery(params: Record<string, string | number | string[] | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) search.append(key, v);
    else search.append(key, String(value));
  }
  return search.toString();
}
