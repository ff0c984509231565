import type { DocumentNode } from 'graphql';

/** Distinct variable sets remembered per document; clients reuse a handful, abusers are capped. */
const MAX_VARIABLE_SETS = 64;
/** Variable sets larger than this are analysed every time rather than kept in memory. */
const MAX_KEY_LENGTH = 4096;

/**
 * Memoises an analysis of an operation that depends only on its document, operation name and
 * variables (cost, argument checks). Apollo hands the same parsed document object to every
 * request with the same query text, so a dashboard refreshed all day is analysed once per
 * variable set instead of on every request; documents Apollo evicts take their entries along.
 */
export function memoByOperation<T>(
  analyse: (document: DocumentNode, variables: Record<string, unknown>, operationName: string | undefined) => T,
) {
  const byDocument = new WeakMap<DocumentNode, Map<string, T>>();
  return (document: DocumentNode, variables: Record<string, unknown>, operationName: string | undefined): T => {
    const key = `${operationName ?? ''}\u0000${JSON.stringify(variables)}`;
    if (key.length > MAX_KEY_LENGTH) return analyse(document, variables, operationName);
    let known = byDocument.get(document);
    if (!known) byDocument.set(document, (known = new Map()));
    const hit = known.get(key);
    if (hit !== undefined) return hit;
    const result = analyse(document, variables, operationName);
    if (known.size >= MAX_VARIABLE_SETS) known.clear();
    known.set(key, result);
    return result;
  };
}
