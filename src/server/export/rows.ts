/** Reading an answer by response keys: the connection, and each node's cells. */

export function at(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A cell: lists of values joined with `|`, lists of objects as JSON. */
export function cellOf(node: unknown, column: readonly string[]): unknown {
  const value = at(node, column);
  if (!Array.isArray(value)) return value ?? null;
  return value.every((v) => v === null || typeof v !== 'object') ? value.join('|') : JSON.stringify(value);
}

/**
 * One NDJSON line: the node as the answer holds it (the query's fields in its order, aliases
 * included), so that a reader gets real JSON: lists as arrays, nested objects as objects,
 * numbers as numbers. Flattening it into CSV's dotted cells turned lists into `a|b` strings.
 */
export function ndjsonLine(node: unknown): string {
  return JSON.stringify(node) + '\n';
}

export interface Page {
  nodes: unknown[];
  totalCount: number | null;
  hasNextPage: boolean;
  endCursor: string | null;
}

/** The connection's page in an answer; undefined when it is missing (null above it, or failed). */
export function pageAt(data: unknown, path: readonly string[]): Page | undefined {
  const connection = at(data, path) as Record<string, any> | null | undefined;
  if (!connection || !Array.isArray(connection.nodes)) return undefined;
  return {
    nodes: connection.nodes as unknown[],
    totalCount: typeof connection.totalCount === 'number' ? connection.totalCount : null,
    hasNextPage: connection.pageInfo?.hasNextPage === true,
    endCursor: typeof connection.pageInfo?.endCursor === 'string' ? connection.pageInfo.endCursor : null,
  };
}

/**
 * Whether an error is the connection's own (it, a field above it, or its `nodes`, `totalCount` or
 * `pageInfo` failed: the page is lost) rather than one cell's (`…nodes.3.siae`: that row's cell is null).
 */
export function failsConnection(error: { path?: readonly (string | number)[] }, path: readonly string[]): boolean {
  if (!error.path) return true;
  return error.path.length <= path.length + 1 && error.path.every((key, i) => i >= path.length || key === path[i]);
}
