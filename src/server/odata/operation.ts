import { getNullableType, isListType, type GraphQLArgument, type GraphQLSchema } from 'graphql';
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
    };
  }
  const variables: Record<string, unknown> = { ...read.args, first: read.first, after: read.after };
  const declared = argumentsOf(schema, read.set.list).filter((a) => a.name in variables);
  const definitions = declared.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const passed = declared.map((a) => `${a.name}: $${a.name}`).join(', ');
  const count = read.count ? 'totalCount ' : '';
  return {
    query: `query OData${read.set.name}(${definitions}) { ${read.set.list}(${passed}) { ${count}pageInfo { hasNextPage endCursor } nodes { ${rows} } } }`,
    variables,
    field: read.set.list,
  };
}
