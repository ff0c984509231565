import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  getOperationAST,
  isListType,
  isObjectType,
  isScalarType,
  Kind,
  parse,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
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
  /** What each column holds, by its field's GraphQL type (a spreadsheet types its cells by it). */
  kinds: CellKind[];
  /** The connection's `first`: the page size. */
  pageSize: number;
  /** Where the first page starts: the query's own `after`, if any. */
  startAfter: string | null;
}

export const AFTER_VARIABLE = '_exportAfter';

/**
 * What a column holds, from its field's type rather than from its values: an `ID` or a `String`
 * is text even when it looks like a number (commune `01032`, a SIRET), `Int` and `Float` are
 * numbers, `Boolean` booleans; enums, lists (joined, or as JSON) and any other scalar are text.
 */
export type CellKind = 'text' | 'number' | 'boolean';

interface Column {
  path: string[];
  kind: CellKind;
}

function kindOf(type: GraphQLOutputType | undefined): CellKind {
  const nullable = type && getNullableType(type);
  if (!nullable || isListType(nullable) || !isScalarType(nullable)) return 'text';
  if (nullable.name === 'Int' || nullable.name === 'Float') return 'number';
  return nullable.name === 'Boolean' ? 'boolean' : 'text';
}

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

/**
 * The first connection (a field selecting `nodes`), depth first in selection order, not under a
 * list. This runs before Apollo validates the query: a named fragment is searched once (`searched`),
 * since one that held no connection the first time holds none the next, and walking it again on
 * each spread would take two to the power of the levels of fragments that spread the next twice;
 * that also stops a fragment cycle.
 */
function findConnection(
  schema: GraphQLSchema,
  set: SelectionSetNode,
  type: GraphQLNamedType,
  fragments: Fragments,
  variables: Record<string, unknown>,
  path: string[],
  searched = new Set<string>(),
): Found | undefined {
  for (const selection of set.selections) {
    if (selection.kind !== Kind.FIELD) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        if (searched.has(selection.name.value)) continue;
        searched.add(selection.name.value);
      }
      const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
      const on = fragment && typeOn(schema, fragment.typeCondition, type);
      const found = fragment && on && findConnection(schema, fragment.selectionSet, on, fragments, variables, path, searched);
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
    const found = findConnection(schema, selection.selectionSet, named, fragments, variables, here, searched);
    if (found) return found;
  }
  return undefined;
}

/**
 * More columns than a query within the token limit can name without fragments multiplying them
 * (aliased fields spreading the same fragment, level after level): such a query has no plan, and
 * Apollo refuses it (depth, aliases, cost) when it runs.
 */
const MAX_COLUMNS = 5000;

class TooManyColumns extends Error {}

/**
 * The leaves of a selection as dotted paths, with what they hold; a list with sub-fields is one
 * column (its items as JSON). A named fragment's columns (relative to where it is spread) are
 * worked out once and kept in `known`, without repeats; a fragment spread inside itself adds nothing.
 */
function columnsOf(
  schema: GraphQLSchema,
  set: SelectionSetNode,
  type: GraphQLNamedType,
  fragments: Fragments,
  prefix: string[],
  known = new Map<string, Column[]>(),
): Column[] {
  const columns: Column[] = [];
  for (const selection of set.selections) {
    if (columns.length > MAX_COLUMNS) throw new TooManyColumns();
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const name = selection.name.value;
      if (!known.has(name)) {
        known.set(name, []); // while it is walked: a cycle adds nothing
        const fragment = fragments.get(name);
        const on = fragment && typeOn(schema, fragment.typeCondition, type);
        if (fragment && on) known.set(name, unique(columnsOf(schema, fragment.selectionSet, on, fragments, [], known)));
      }
      columns.push(...known.get(name)!.map((column) => ({ path: [...prefix, ...column.path], kind: column.kind })));
      continue;
    }
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const on = typeOn(schema, selection.typeCondition, type);
      if (on) columns.push(...columnsOf(schema, selection.selectionSet, on, fragments, prefix, known));
      continue;
    }
    const path = [...prefix, keyOf(selection)];
    const definition = isObjectType(type) ? type.getFields()[selection.name.value] : undefined;
    if (!selection.selectionSet || !definition || isListType(getNullableType(definition.type)))
      columns.push({ path, kind: kindOf(selection.selectionSet ? undefined : definition?.type) });
    else columns.push(...unique(columnsOf(schema, selection.selectionSet, getNamedType(definition.type), fragments, path, known)));
  }
  if (columns.length > MAX_COLUMNS) throw new TooManyColumns();
  return columns;
}

function unique(columns: Column[]): Column[] {
  const seen = new Set<string>();
  return columns.filter((c) => !seen.has(c.path.join('.')) && (seen.add(c.path.join('.')), true));
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
  let columns: Column[];
  try {
    columns = unique(columnsOf(schema, nodes.selectionSet!, getNamedType(found.type.getFields().nodes!.type), fragments, []));
  } catch (error) {
    if (error instanceof TooManyColumns) return undefined;
    throw error;
  }
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
    columns: columns.map((column) => column.path),
    kinds: columns.map((column) => column.kind),
    pageSize: typeof first === 'number' && first > 0 ? first : 20,
    startAfter: typeof found.args.after === 'string' ? found.args.after : null,
  };
}
