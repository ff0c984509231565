import { getNullableType, isListType, type GraphQLArgument, type GraphQLSchema } from 'graphql';
import { argumentsFor } from './filter.js';
import type { ODataModel, Property } from './model.js';
import type { Read } from './request.js';

/**
 * The GraphQL operation an OData read runs: the set's list (or its field by key), its arguments
 * as variables typed by the schema, and a selection of just the properties asked for.
 */
type Tree = Map<string, Tree>;

function addPath(tree: Tree, path: readonly string[]): Tree {
  let at = tree;
  for (const step of path) {
    if (!at.has(step)) at.set(step, new Map());
    at = at.get(step)!;
  }
  return at;
}

function addProperties(tree: Tree, properties: readonly Property[]) {
  for (const property of properties) {
    const at = addPath(tree, property.path);
    if (property.complex) addProperties(at, property.complex.properties);
  }
}

const selectionText = (tree: Tree): string =>
  [...tree].map(([field, below]) => (below.size > 0 ? `${field} { ${selectionText(below)} }` : field)).join(' ');

/** The selection of one row: the properties asked, the key always, and each expanded entity's. */
function rowSelection(model: ODataModel, read: Read): string {
  const tree: Tree = new Map();
  addProperties(tree, [read.set.properties.find((p) => p.name === read.set.key)!, ...read.select]);
  for (const { navigation, select } of read.expand) {
    const target = model.set(navigation.target)!;
    addProperties(addPath(tree, [navigation.field]), [target.properties.find((p) => p.name === target.key)!, ...select]);
  }
  return selectionText(tree);
}

function argumentsOf(schema: GraphQLSchema, field: string): readonly GraphQLArgument[] {
  return schema.getQueryType()!.getFields()[field]!.args;
}

/** Whether the list's argument at a dotted path takes several values (`filter.themes`). */
export function takesList(schema: GraphQLSchema, list: string, path: string): boolean {
  const [name, ...rest] = path.split('.');
  let type = argumentsOf(schema, list).find((a) => a.name === name)?.type;
  for (const step of rest) {
    const input = getNullableType(type) as { getFields?: () => Record<string, { type: typeof type }> } | undefined;
    type = input?.getFields?.()[step]?.type;
  }
  return type !== undefined && isListType(getNullableType(type));
}

export interface Operation {
  query: string;
  variables: Record<string, unknown>;
  /** Where the rows are in the answer's data. */
  field: string;
  /** The lists whose `totalCount`s add up to the read's count: a split read's one per value. */
  counted: string[];
}

/** One list of the operation: its variables suffixed (`$filter1`) so that aliased lists of one type do not share them. */
function listField(schema: GraphQLSchema, list: string, args: Record<string, unknown>, suffix: string, selection: string) {
  const declared = argumentsOf(schema, list).filter((a) => a.name in args);
  return {
    definitions: declared.map((a) => `$${a.name}${suffix}: ${String(a.type)}`),
    text: `${list}(${declared.map((a) => `${a.name}: $${a.name}${suffix}`).join(', ')}) { ${selection} }`,
    variables: Object.fromEntries(declared.map((a) => [`${a.name}${suffix}`, args[a.name]])),
  };
}

export function operationOf(schema: GraphQLSchema, model: ODataModel, read: Read): Operation {
  const rows = rowSelection(model, read);
  if (read.key !== undefined) {
    const { field, argument } = read.set.byKey!;
    const type = String(argumentsOf(schema, field).find((a) => a.name === argument)!.type);
    return {
      query: `query OData${read.set.name}ByKey($key: ${type}) { ${field}(${argument}: $key) { ${rows} } }`,
      variables: { key: read.key },
      field,
      counted: [],
    };
  }
  const page = `${read.count ? 'totalCount ' : ''}pageInfo { hasNextPage endCursor } nodes { ${rows} }`;
  const pageArgs = { first: read.first, after: read.after };
  if (!read.split) {
    const list = listField(schema, read.set.list, { ...read.args, ...pageArgs }, '', page);
    return {
      query: `query OData${read.set.name}(${list.definitions.join(', ')}) { ${list.text} }`,
      variables: list.variables,
      field: read.set.list,
      counted: [read.set.list],
    };
  }
  // One aliased list per value, in one operation: priced and budgeted as a whole, as any GraphQL request is.
  // The walked value's reads this page's rows; the others, only their totalCount for $count.
  const { filter, walked } = read.split;
  const lists = filter.values.flatMap((value, i) => {
    const args = argumentsFor(read.args, filter, value);
    if (i === walked) return [{ alias: `v${i}`, ...listField(schema, read.set.list, { ...args, ...pageArgs }, String(i), page) }];
    if (!read.count) return [];
    return [{ alias: `v${i}`, ...listField(schema, read.set.list, { ...args, first: 1 }, String(i), 'totalCount') }];
  });
  return {
    query: `query OData${read.set.name}(${lists.flatMap((l) => l.definitions).join(', ')}) { ${lists.map((l) => `${l.alias}: ${l.text}`).join(' ')} }`,
    variables: Object.assign({}, ...lists.map((l) => l.variables)) as Record<string, unknown>,
    field: `v${walked}`,
    counted: read.count ? lists.map((l) => l.alias) : [],
  };
}
