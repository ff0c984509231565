import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  getOperationAST,
  isListType,
  isObjectType,
  Kind,
  parse,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';

/**
 * What an export runs: the query rewritten so that its first connection can be walked page after
 * page (its `after` taken from a variable of the export's own, its `pageInfo` and `totalCount`
 * asked for), where that connection sits in the answer, and the columns its nodes give.
 */
export interface ExportPlan {
  /** The query with `after: $_exportAfter`, `pageInfo { hasNextPage endCursor }` and `totalCount` on the connection. */
  document: DocumentNode;
  /** The same query asking the connection for its `totalCount` only: what the export will hold, at the cost of one list read. */
  countDocument: DocumentNode;
  /** Response keys from `data` to the connection. */
  path: string[];
  /** Dotted field paths of the nodes' leaves, in the query's selection order. */
  columns: string[][];
  /** The connection's `first`: the page size. */
  pageSize: number;
  /** Where the first page starts: the query's own `after`, if any. */
  startAfter: string | null;
}

export const AFTER_VARIABLE = '_exportAfter';

interface Found {
  field: FieldNode;
  type: GraphQLObjectType;
  path: string[];
  args: Record<string, unknown>;
}

type Fragments = Map<string, FragmentDefinitionNode>;

const keyOf = (field: FieldNode) => field.alias?.value ?? field.name.value;
const nodesOf = (set: SelectionSetNode | undefined) =>
  set?.selections.find((s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === 'nodes');

function typeOn(schema: GraphQLSchema, condition: { name: { value: string } } | undefined, type: GraphQLNamedType) {
  return condition ? schema.getType(condition.name.value) : type;
}

/** The first connection (a field selecting `nodes`), depth first in selection order, not under a list. */
function findConnection(
  schema: GraphQLSchema,
  set: SelectionSetNode,
  type: GraphQLNamedType,
  fragments: Fragments,
  variables: Record<string, unknown>,
  path: string[],
): Found | undefined {
  for (const selection of set.selections) {
    if (selection.kind !== Kind.FIELD) {
      const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
      const on = fragment && typeOn(schema, fragment.typeCondition, type);
      const found = fragment && on && findConnection(schema, fragment.selectionSet, on, fragments, variables, path);
      if (found) return found;
      continue;
    }
    if (!isObjectType(type) || !selection.selectionSet) continue;
    const definition = type.getFields()[selection.name.value];
    if (!definition) continue;
    const fieldType = getNullableType(definition.type);
    if (isListType(fieldType)) continue;
    const named = getNamedType(fieldType);
    if (!isObjectType(named)) continue;
    const here = [...path, keyOf(selection)];
    if (nodesOf(selection.selectionSet) && named.getFields().nodes && named.getFields().pageInfo)
      return { field: selection, type: named, path: here, args: getArgumentValues(definition, selection, variables) };
    const found = findConnection(schema, selection.selectionSet, named, fragments, variables, here);
    if (found) return found;
  }
  return undefined;
}

/** The leaves of a selection as dotted paths; a list with sub-fields is one column (its items as JSON). */
function columnsOf(schema: GraphQLSchema, set: SelectionSetNode, type: GraphQLNamedType, fragments: Fragments, prefix: string[]) {
  const columns: string[][] = [];
  for (const selection of set.selections) {
    if (selection.kind !== Kind.FIELD) {
      const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
      const on = fragment && typeOn(schema, fragment.typeCondition, type);
      if (fragment && on) columns.push(...columnsOf(schema, fragment.selectionSet, on, fragments, prefix));
      continue;
    }
    const path = [...prefix, keyOf(selection)];
    const definition = isObjectType(type) ? type.getFields()[selection.name.value] : undefined;
    if (!selection.selectionSet || !definition || isListType(getNullableType(definition.type))) columns.push(path);
    else columns.push(...columnsOf(schema, selection.selectionSet, getNamedType(definition.type), fragments, path));
  }
  return columns;
}

function unique(columns: string[][]): string[][] {
  const seen = new Set<string>();
  return columns.filter((c) => !seen.has(c.join('.')) && (seen.add(c.join('.')), true));
}

const field = (name: string, selections?: FieldNode[]): FieldNode => ({
  kind: Kind.FIELD,
  name: { kind: Kind.NAME, value: name },
  ...(selections ? { selectionSet: { kind: Kind.SELECTION_SET, selections } } : {}),
});

/** The document with the connection's node replaced, and the export's `after` variable declared. */
function rewrite(document: DocumentNode, target: FieldNode, replacement: FieldNode, operationName: string | undefined): DocumentNode {
  const operation = getOperationAST(document, operationName)!;
  return visit(document, {
    Field: (node) => (node === target ? replacement : undefined),
    OperationDefinition: (node) =>
      node === operation
        ? {
            ...node,
            variableDefinitions: [
              ...(node.variableDefinitions ?? []),
              {
                kind: Kind.VARIABLE_DEFINITION,
                variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: AFTER_VARIABLE } },
                type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'String' } },
              },
            ],
          }
        : undefined,
  });
}

/**
 * The export plan of a query, or a reason why it has none (not a query, no connection…); a query
 * that does not parse or validate has none either, and Apollo tells why when it runs it.
 */
export function planExport(
  schema: GraphQLSchema,
  query: string,
  operationName: string | undefined,
  variables: Record<string, unknown>,
): ExportPlan | undefined {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch {
    return undefined;
  }
  const operation = getOperationAST(document, operationName);
  if (!operation || operation.operation !== 'query') return undefined;
  const fragments: Fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  let found: Found | undefined;
  try {
    found = findConnection(schema, operation.selectionSet, schema.getQueryType()!, fragments, variables, []);
  } catch {
    return undefined; // malformed variables: Apollo reports them
  }
  if (!found) return undefined;
  const nodes = nodesOf(found.field.selectionSet)!;
  const columns = unique(columnsOf(schema, nodes.selectionSet!, getNamedType(found.type.getFields().nodes!.type), fragments, []));
  const hasTotal = Boolean(found.type.getFields().totalCount);
  const others = found.field.arguments?.filter((a) => a.name.value !== 'after') ?? [];
  const after = {
    kind: Kind.ARGUMENT,
    name: { kind: Kind.NAME, value: 'after' },
    value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: AFTER_VARIABLE } },
  } as const;
  const paged: FieldNode = {
    ...found.field,
    arguments: [...others, after],
    selectionSet: {
      kind: Kind.SELECTION_SET,
      selections: [
        ...found.field.selectionSet!.selections,
        field('pageInfo', [field('hasNextPage'), field('endCursor')]),
        ...(hasTotal ? [field('totalCount')] : []),
      ],
    },
  };
  const counted: FieldNode = {
    ...paged,
    selectionSet: { kind: Kind.SELECTION_SET, selections: [field(hasTotal ? 'totalCount' : '__typename')] },
  };
  const first = found.args.first;
  return {
    document: rewrite(document, found.field, paged, operationName),
    countDocument: rewrite(document, found.field, counted, operationName),
    path: found.path,
    columns,
    pageSize: typeof first === 'number' && first > 0 ? first : 20,
    startAfter: typeof found.args.after === 'string' ? found.args.after : null,
  };
}
