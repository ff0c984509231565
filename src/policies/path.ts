/**
 * A path from its segments, each percent-encoded whole, so that no value can change the route:
 * a `/`, `?` or `#` in a value stays inside its segment, and a segment that is empty, `.` or `..`
 * (which URL parsing would drop or climb) is refused before any call. `@`, which RFC 3986 allows
 * in a segment, is kept as is (Insee's cubes are `geo-<croisement>@<dataset>`).
 *
 * `pathOf('api', 'v1', 'structures', id)` is `/api/v1/structures/<id, encoded>`; a route with a
 * trailing slash appends it: `${pathOf('api', '1', 'datasets', id)}/`.
 */
export function pathOf(...segments: ReadonlyArray<string | number>): string {
  return segments.map((segment) => `/${encodeSegment(segment)}`).join('');
}

export class PathSegmentError extends Error {
  override readonly name = 'PathSegmentError';
}

function encodeSegment(segment: string | number): string {
  const value = String(segment);
  if (value === '' || value === '.' || value === '..') {
    throw new PathSegmentError(`Refused path segment ${JSON.stringify(value)}: it would change the route`);
  }
  return encodeURIComponent(value).replace(/%40/g, '@');
}
