import odataParser from '@balena/odata-parser';
import { decodeCursor, encodeCursor, MAX_FIRST } from '../../graphql/pagination.js';
import { badRequest, notImplemented, ODataError } from './errors.js';
import { argumentsOf, filterable, lowerCaseKeywords, type Bind, type SplitFilter } from './filter.js';
import type { EntitySet, Navigation, ODataModel, Property } from './model.js';

/** What one OData read asks for, in the terms of the GraphQL list it runs. */
export interface Read {
  set: EntitySet;
  /** A single entity by key (`Communes('44109')`). */
  key?: string;
  /** The list's arguments, from `$filter`. */
  args: Record<string, unknown>;
  /** Several values on a one-value argument: one list per value, `walked` the one this page reads. */
  split?: { filter: SplitFilter; walked: number };
  select: Property[];
  /** `$select` as given, for `@odata.context`; undefined when every property is read. */
  selectText?: string;
  expand: { navigation: Navigation; select: Property[] }[];
  count: boolean;
  /** The `/$count` segment: the number of rows alone, as text (what Power Query folds `Table.RowCount` into). */
  countOnly: boolean;
  /** This page's size, and the cursor it starts after. */
  first: number;
  after: string | null;
  /** Rows still wanted after this page when `$top` bounds the read; null without `$top`. */
  left: number | null;
}

/** Rows a page holds: the most a GraphQL list gives at once, so a feed costs the calls the list walked by hand would. */
export const PAGE_SIZE = MAX_FIRST;

/**
 * The opaque `$skiptoken` of `@odata.nextLink`: the GraphQL cursor (null: the list's start), what
 * `$top` still wants, and in a split read the value whose list is walked.
 */
export function skipToken(after: string | null, left: number | null, walked?: number): string {
  const parts = walked === undefined ? (left === null ? [after] : [after, left]) : [after, left, walked];
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

const isIndex = (value: unknown, length: number) => Number.isInteger(value) && (value as number) >= 0 && (value as number) < length;

/** A token of this read: a split read's names one of its values (from which a list's start may resume), another's none. */
function fromSkipToken(token: string, split: SplitFilter | undefined): { after: string | null; left: number | null; walked: number } {
  try {
    const [after, left, walked] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as [unknown, unknown, unknown];
    const cursor = typeof after === 'string' ? decodeCursor(after) !== undefined : after === null && split !== undefined;
    const place = split ? isIndex(walked, split.values.length) : walked === undefined;
    if (cursor && place && (left === undefined || left === null || (Number.isInteger(left) && (left as number) > 0)))
      return {
        after: after as string | null,
        left: (left as number | null | undefined) ?? null,
        walked: (walked as number | undefined) ?? 0,
      };
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
const reencoded = (text: string) => text.replace(/[%&#+]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * A system query option's name as the service reads it (`$filter`): OData 4.01 takes the names in
 * any case, with or without `$`; another name without `$` is a custom option (undefined), not ours.
 */
export function systemOptionName(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (lower.startsWith('$')) return lower;
  return OPTIONS.has(`$${lower}`) ? `$${lower}` : undefined;
}

/** `$format` names JSON, the only format the feed writes: `json`, or a JSON media type with its parameters. */
const isJsonFormat = (format: string) => /^(json|application\/json)(;|$)/i.test(format.trim());

/**
 * The system query options, named as the parser knows them, without `$skiptoken` (read here: the
 * parser does not know it) nor custom options; each option given once, as OData requires.
 */
function splitQuery(query: string): { options: string; token?: string; descending: boolean } {
  let token: string | undefined;
  let descending = false;
  const kept: string[] = [];
  const seen = new Set<string>();
  for (const part of query.split('&')) {
    if (part === '') continue;
    const name = systemOptionName(decodeURIComponent(part.split('=', 1)[0]!));
    if (name === undefined) continue;
    if (seen.has(name)) throw badRequest(`The option ${name} is given twice`, name);
    seen.add(name);
    const value = part.includes('=') ? part.slice(part.indexOf('=') + 1) : '';
    const text = decodeURIComponent(value.replace(/\+/g, ' '));
    if (name === '$skiptoken') token = decodeURIComponent(value);
    else if (!OPTIONS.has(name)) throw notImplemented(`The option ${name} is not supported (${[...OPTIONS].join(', ')} are)`, name);
    else if (name === '$format' && !isJsonFormat(text))
      throw new ODataError(406, 'NOT_ACCEPTABLE', `The feed is written in JSON only ($format=json), not "${text}"`, name);
    else kept.push(`${name}=${reencoded(name === '$filter' || name === '$orderby' ? lowerCaseKeywords(text) : text)}`);
    // Read here: the parser takes an $orderby without a direction as descending, not OData's ascending.
    if (name === '$orderby') descending = /\sdesc\s*(,|$)/i.test(text);
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

/** The key of `Communes('44109')`, or of `Communes(code='44109')`: OData lets a client name it. */
function keyOf(set: EntitySet, key: unknown, binds: readonly Bind[]): string | undefined {
  if (!key) return undefined;
  let reference = key as { bind?: number } & Record<string, unknown>;
  if (typeof reference.bind !== 'number') {
    const names = Object.keys(reference);
    if (names.length !== 1 || names[0] !== set.key)
      throw badRequest(`${set.name} are read by their ${set.key}: ${set.name}('…') or ${set.name}(${set.key}='…')`, names.join(','));
    reference = reference[set.key] as typeof reference;
  }
  return String((binds[reference.bind!] ?? [])[1]);
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
  if (tree.property) throw notImplemented('Only entity sets, their $count and entities by key are served, not properties');
  const countOnly = tree.count === true;
  const options = (tree.options ?? {}) as Record<string, any>;
  const key = keyOf(set, tree.key, binds);
  if (key !== undefined && countOnly) throw badRequest(`/$count counts an entity set, not one ${set.type}`, '$count');
  if (tree.key && !set.byKey) throw notImplemented(`${set.name} are not read by key: ${filterable(set)}`);
  const { args, split } = argumentsOf(set, options.$filter, binds, (argument) => listArgument(set, argument));
  if (!key && set.requiresFilter && Object.keys(args).length === 0 && !split)
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
  // Rows to skip would span the values' lists, whose sizes are known only once read.
  if (split && skip > 0)
    throw notImplemented(`$skip is not supported with ${split.property} in (…): use $top and @odata.nextLink`, '$skip');
  const resumed = token === undefined ? undefined : fromSkipToken(token, split);
  const walked = split ? { split: { filter: split, walked: resumed?.walked ?? 0 } } : {};
  const left = resumed ? resumed.left : (top ?? null);
  const select = propertiesOf(set, options.$select, '$select');
  // OData: $top and $skip do not change what /$count counts; one row is read, for the list's totalCount.
  if (countOnly) return { set, args, ...walked, select: [], expand: [], count: true, countOnly, first: 1, after: null, left: 0 };
  return {
    set,
    key,
    args,
    ...walked,
    select,
    selectText: options.$select && options.$select !== '*' ? select.map((p) => p.name).join(',') : undefined,
    expand,
    count: options.$count === true,
    countOnly,
    // `$top=0` still reads one row (GraphQL lists give at least one), for `@odata.count`; answer.ts sends none.
    first: Math.max(1, Math.min(set.pageSize ?? PAGE_SIZE, left ?? PAGE_SIZE)),
    after: resumed ? resumed.after : skip > 0 ? encodeCursor(skip) : null,
    left,
  };
}
