import odataParser from '@balena/odata-parser';
import { decodeCursor, encodeCursor, MAX_FIRST } from '../../graphql/pagination.js';
import { badRequest, notImplemented, ODataError } from './errors.js';
import { argumentsOf, filterable, type Bind } from './filter.js';
import type { EntitySet, Navigation, ODataModel, Property } from './model.js';

/** What one OData read asks for, in the terms of the GraphQL list it runs. */
export interface Read {
  set: EntitySet;
  /** A single entity by key (`Communes('44109')`). */
  key?: string;
  /** The list's arguments, from `$filter`. */
  args: Record<string, unknown>;
  select: Property[];
  /** `$select` as given, for `@odata.context`; undefined when every property is read. */
  selectText?: string;
  expand: { navigation: Navigation; select: Property[] }[];
  count: boolean;
  /** This page's size, and the cursor it starts after. */
  first: number;
  after: string | null;
  /** Rows still wanted after this page when `$top` bounds the read; null without `$top`. */
  left: number | null;
}

/** Rows a page holds: the most a GraphQL list gives at once, so a feed costs the calls the list walked by hand would. */
export const PAGE_SIZE = MAX_FIRST;

/** The opaque `$skiptoken` of `@odata.nextLink`: the GraphQL cursor, and what `$top` still wants. */
export function skipToken(after: string, left: number | null): string {
  return Buffer.from(JSON.stringify(left === null ? [after] : [after, left])).toString('base64url');
}

function fromSkipToken(token: string): { after: string; left: number | null } {
  try {
    const [after, left] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as [unknown, unknown];
    if (
      typeof after === 'string' &&
      decodeCursor(after) !== undefined &&
      (left === undefined || (Number.isInteger(left) && (left as number) > 0))
    )
      return { after, left: (left as number | undefined) ?? null };
  } catch {
    // told below
  }
  throw badRequest('$skiptoken is not one this service issued: follow @odata.nextLink as given', '$skiptoken');
}

/**
 * An option's value as the parser reads it: clients encode what they like (`%2C` for a comma, as
 * odata2ts does), the parser knows only spaces and quotes encoded; so the value is decoded, and
 * only what would end or change it (`%`, `&`, `#`, `+`) is encoded again.
 */
const reencoded = (value: string) =>
  decodeURIComponent(value.replace(/\+/g, ' ')).replace(/[%&#+]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The query string without `$skiptoken` (read here: the parser does not know it) nor custom options (not `$`). */
function splitQuery(query: string): { options: string; token?: string; descending: boolean } {
  let token: string | undefined;
  let descending = false;
  const kept: string[] = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const name = decodeURIComponent(part.split('=', 1)[0]!);
    const value = part.includes('=') ? part.slice(part.indexOf('=') + 1) : '';
    if (name === '$skiptoken') token = decodeURIComponent(value);
    else if (name.startsWith('$') && !OPTIONS.has(name))
      throw notImplemented(`The option ${name} is not supported (${[...OPTIONS].join(', ')} are)`, name);
    else if (name.startsWith('$')) kept.push(`${name}=${reencoded(value)}`);
    // Read here: the parser takes an $orderby without a direction as descending, not OData's ascending.
    if (name === '$orderby') descending = /\sdesc\s*(,|$)/i.test(decodeURIComponent(value.replace(/\+/g, ' ')));
  }
  return { options: kept.join('&'), token, descending };
}

/** The system query options the service reads; any other is refused (501) by name. */
const OPTIONS = new Set(['$filter', '$select', '$expand', '$orderby', '$top', '$skip', '$count', '$format', '$skiptoken']);

function propertiesOf(set: EntitySet, select: unknown, target: string, expanded = false): Property[] {
  // An expanded entity without $select leaves out what costs calls for each row (a commune's figures).
  if (select === undefined || select === '*')
    return expanded ? set.properties.filter((p) => !set.expandedOnlyBySelect?.includes(p.name)) : set.properties;
  const names = (select as { properties: { name: string; property?: unknown }[] }).properties;
  return names.map(({ name, property }) => {
    if (property) throw notImplemented(`$select takes properties of ${set.name}, not paths`, `${target}`);
    const found = set.properties.find((p) => p.name === name);
    if (!found) throw badRequest(`${set.name} has no property "${name}" (see $metadata)`, name);
    return found;
  });
}

function bound(binds: readonly Bind[], reference: unknown, option: string): number {
  const bind = (reference as { bind?: number } | undefined)?.bind;
  const value = typeof bind === 'number' ? binds[bind]?.[1] : undefined;
  if (!Number.isInteger(value) || (value as number) < 0) throw badRequest(`${option} takes a whole number`, option);
  return value as number;
}

function parse(path: string, options: string) {
  try {
    return odataParser.parse(`/${path}${options ? `?${options}` : ''}`, { startRule: 'Process' });
  } catch (error) {
    throw badRequest(`The request is not OData this service reads: ${(error as Error).message}`);
  }
}

/**
 * Reads an OData URL (below `/odata/`) into the GraphQL list read it maps to; refuses, before any
 * call, what no argument of the list can say.
 */
export function readOf(model: ODataModel, path: string, query: string, listArgument: (set: EntitySet, path: string) => boolean): Read {
  const { options: text, token, descending } = splitQuery(query);
  const { tree, binds } = parse(path, text) as { tree: any; binds: Bind[] };
  const set = model.set(tree.resource);
  if (!set) throw new ODataError(404, 'NOT_FOUND', `No entity set "${tree.resource}": the service document (/odata/) lists them`);
  if (tree.property || tree.count)
    throw notImplemented('Only entity sets and entities by key are served, not their properties or $count segments');
  const options = (tree.options ?? {}) as Record<string, any>;
  const key = tree.key ? String((binds[(tree.key as { bind: number }).bind] ?? [])[1]) : undefined;
  if (tree.key && !set.byKey) throw notImplemented(`${set.name} are not read by key: ${filterable(set)}`);
  const args = argumentsOf(set, options.$filter, binds, (argument) => listArgument(set, argument));
  if (!key && set.requiresFilter && Object.keys(args).length === 0)
    throw badRequest(`${set.name} is too large to list whole: ${filterable(set)}`, '$filter');
  for (const { name } of options.$orderby?.properties ?? [])
    if (name !== set.orderedBy || descending)
      throw notImplemented(
        set.orderedBy ? `${set.name} come ordered by ${set.orderedBy} (ascending) only` : `${set.name} come in their source's order only`,
        '$orderby',
      );
  const expand = ((options.$expand?.properties ?? []) as { name: string; options?: Record<string, any> }[]).map((item) => {
    const navigation = set.navigations.find((n) => n.name === item.name);
    if (!navigation)
      throw badRequest(
        `${set.name} has no navigation "${item.name}" (${set.navigations.map((n) => n.name).join(', ') || 'none'})`,
        item.name,
      );
    const target = model.set(navigation.target)!;
    const extra = Object.keys(item.options ?? {}).filter((o) => o !== '$select');
    if (extra.length > 0) throw notImplemented(`$expand takes $select only (not ${extra.join(', ')})`, item.name);
    return { navigation, select: propertiesOf(target, item.options?.$select, item.name, true) };
  });
  const top = options.$top === undefined ? undefined : bound(binds, options.$top, '$top');
  const skip = options.$skip === undefined ? 0 : bound(binds, options.$skip, '$skip');
  const resumed = token === undefined ? undefined : fromSkipToken(token);
  const left = resumed ? resumed.left : (top ?? null);
  const select = propertiesOf(set, options.$select, '$select');
  return {
    set,
    key,
    args,
    select,
    selectText: options.$select && options.$select !== '*' ? select.map((p) => p.name).join(',') : undefined,
    expand,
    count: options.$count === true,
    // `$top=0` still reads one row (GraphQL lists give at least one), for `@odata.count`; answer.ts sends none.
    first: Math.max(1, Math.min(PAGE_SIZE, left ?? PAGE_SIZE)),
    after: resumed ? resumed.after : skip > 0 ? encodeCursor(skip) : null,
    left,
  };
}
