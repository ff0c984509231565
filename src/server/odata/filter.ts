import { badRequest, notImplemented } from './errors.js';
import type { EntitySet } from './model.js';

/**
 * `$filter` (as @balena/odata-parser gives it) turned into the list's arguments: only what an
 * argument can say, so that every read is one the GraphQL list answers itself, never a scan
 * filtered here. `p eq v`, `p in (a, b)`, `c/any(x:x eq v)` and `… and …` on the properties the
 * entity set maps onto arguments; anything else is refused, naming those properties.
 */
export type Bind = [string, unknown];
type Node = unknown;

/** OData's operators, and `asc`/`desc` of `$orderby`: read in any case (OData 4.01), written in lower case for the parser. */
const OPERATOR = /(^|[\s(])(eq|ne|gt|ge|lt|le|and|or|not|in|has|add|sub|mul|divby|div|mod|asc|desc)(?=[\s(]|$)/gi;

/**
 * An expression with its operators, lambdas and function names in lower case (`EQ`, `ANY(`,
 * `Contains(`), as OData 4.01 reads them; quoted literals and property names are left as written.
 */
export function lowerCaseKeywords(expression: string): string {
  return expression
    .split(/('(?:[^']|'')*')/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part
            .replace(OPERATOR, (_m, before: string, word: string) => before + word.toLowerCase())
            .replace(/[A-Za-z]+(?=\()/g, (word) => word.toLowerCase()),
    )
    .join('');
}

/** What can be filtered on, for the messages. */
export function filterable(set: EntitySet): string {
  const names = Object.keys(set.filters);
  return names.length > 0 ? `${set.name} filters on ${names.join(', ')} (eq, in, and)` : `${set.name} takes no filter`;
}

function valueOf(node: Node, binds: readonly Bind[]): unknown {
  const bind = (node as { bind?: number } | null)?.bind;
  const value = typeof bind === 'number' ? binds[bind] : undefined;
  if (!value) throw notImplemented('Filters compare a property with a literal value');
  const [kind, raw] = value;
  if (kind === 'List') return (raw as Bind[]).map(([, item]) => item);
  return raw;
}

function propertyOf(set: EntitySet, node: Node): string {
  const path = node as { name?: string; property?: unknown };
  if (typeof path?.name !== 'string') throw notImplemented(`Filters compare a property with a value: ${filterable(set)}`);
  const name = path.property ? `${path.name}/…` : path.name;
  if (!(name in set.filters)) {
    const known = set.properties.some((p) => p.name === name);
    throw badRequest(`${known ? `"${name}" is not a filter` : `${set.name} has no property "${name}"`}: ${filterable(set)}`, name);
  }
  return name;
}

/** The values a lambda `c/any(x:x eq v)` or `c/any(x:x in (…))` asks for. */
function lambdaValues(node: { name: string; lambda: { expression: Node[]; identifier: string; method: string } }, binds: readonly Bind[]) {
  const [op, variable, value] = node.lambda.expression as [string, { name?: string }, Node];
  if (node.lambda.method !== 'any' || (op !== 'eq' && op !== 'eqany') || variable?.name !== node.lambda.identifier)
    throw notImplemented(`Only ${node.name}/any(x:x eq 'value') or ${node.name}/any(x:x in ('a','b')) filters a collection`, node.name);
  return valueOf(value, binds);
}

/** Each filtered property and the value(s) asked for it. */
function conditions(set: EntitySet, node: Node, binds: readonly Bind[], into: Map<string, unknown>): void {
  if (Array.isArray(node)) {
    const [op, ...operands] = node as [string, ...Node[]];
    if (op === 'and') return operands.forEach((operand) => conditions(set, operand, binds, into));
    if (op === 'eq' || op === 'eqany') return add(into, propertyOf(set, operands[0]), valueOf(operands[1], binds));
    if (op === 'call') {
      const method = (operands[0] as { method?: string }).method;
      throw notImplemented(`The function ${method}() is not supported: ${filterable(set)}`, method);
    }
    throw notImplemented(`The operator "${op}" is not supported: ${filterable(set)}`, op);
  }
  const lambda = node as { name?: string; lambda?: unknown };
  if (lambda?.lambda) return add(into, propertyOf(set, { name: lambda.name }), lambdaValues(lambda as never, binds));
  throw notImplemented(`Unsupported filter: ${filterable(set)}`);
}

function add(into: Map<string, unknown>, property: string, value: unknown) {
  if (into.has(property)) throw notImplemented(`"${property}" is filtered twice: give its values at once with in (…)`, property);
  into.set(property, value);
}

/** Sets `value` at a dotted path of the arguments (`filter.department`). */
function setAt(args: Record<string, unknown>, path: string, value: unknown) {
  const steps = path.split('.');
  let at = args;
  for (const step of steps.slice(0, -1)) at = (at[step] ??= {}) as Record<string, unknown>;
  at[steps[steps.length - 1]!] = value;
}

/** The most values an `in (…)` may give a one-value argument: each is a list read in the same GraphQL operation. */
export const MAX_SPLIT_VALUES = 20;

/**
 * Several values on a one-value argument (`department in ('44','85')`): the read walks one list
 * per value, in the order given (each value once), within one GraphQL operation per page.
 */
export interface SplitFilter {
  property: string;
  /** The argument's dotted path (`filter.department`). */
  path: string;
  values: string[];
}

/**
 * The arguments a `$filter` gives the list. `listArgument` says whether an argument takes a list
 * (several values) or one value (an `in` of one value is that value; of several, a split).
 */
export function argumentsOf(
  set: EntitySet,
  filter: Node | undefined,
  binds: readonly Bind[],
  listArgument: (path: string) => boolean,
): { args: Record<string, unknown>; split?: SplitFilter } {
  const args: Record<string, unknown> = {};
  let split: SplitFilter | undefined;
  if (filter === undefined) return { args };
  const found = new Map<string, unknown>();
  conditions(set, filter, binds, found);
  for (const [property, value] of found) {
    const path = set.filters[property]!;
    const values = Array.isArray(value) ? value : [value];
    if (values.some((v) => typeof v !== 'string')) throw badRequest(`"${property}" is compared with text: '…'`, property);
    const distinct = [...new Set(values as string[])];
    if (listArgument(path)) setAt(args, path, values);
    else if (distinct.length === 1) setAt(args, path, distinct[0]);
    // A row holding several values (an EPCI's departments) would be in several values' lists: no split, no duplicates.
    else if (set.properties.find((p) => p.name === property)?.collection !== false)
      throw notImplemented(`"${property}" takes one value at a time`, property);
    else if (split) throw notImplemented(`Only one property takes several values at once (${split.property} or ${property})`, property);
    else if (distinct.length > MAX_SPLIT_VALUES)
      throw badRequest(`"${property}" in (…) takes at most ${MAX_SPLIT_VALUES} values, not ${distinct.length}`, property);
    else split = { property, path, values: distinct };
  }
  return split ? { args, split } : { args };
}

/** The arguments of one value's list in a split read. */
export function argumentsFor(args: Record<string, unknown>, split: SplitFilter, value: string): Record<string, unknown> {
  const copy = structuredClone(args);
  setAt(copy, split.path, value);
  return copy;
}
