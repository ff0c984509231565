import {
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** Fields fed by the embedded geography alone change once a year; a day is plenty. */
export const GEOGRAPHY_MAX_AGE_S = 24 * 3600;

/** Fields every type has, which read no data: a response made only of them has no lifetime. */
const META_FIELDS = new Set(['__typename', '__schema', '__type']);

type Fragments = Record<string, FragmentDefinitionNode>;

function included(node: Parameters<typeof getDirectiveValues>[1], variables: Record<string, unknown>): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
}

function selectsData(selectionSet: SelectionSetNode, fragments: Fragments, variables: Record<string, unknown>, seen: Set<string>): boolean {
  return selectionSet.selections.some((selection) => {
    if (!included(selection, variables)) return false;
    if (selection.kind === Kind.FIELD) return !META_FIELDS.has(selection.name.value);
    if (selection.kind === Kind.INLINE_FRAGMENT) return selectsData(selection.selectionSet, fragments, variables, seen);
    const name = selection.name.value;
    const fragment = fragments[name];
    if (!fragment || seen.has(name)) return false;
    seen.add(name);
    return selectsData(fragment.selectionSet, fragments, variables, seen);
  });
}

/**
 * Whether a request's operation is a query that reads data: a root field other than `__typename`, `__schema` and
 * `__type`, not skipped. Apollo's cache-control plugin gave such root fields the default lifetime
 * (GEOGRAPHY_MAX_AGE_S here, since no field of the schema carries a hint of its own) and left
 * other responses uncacheable; the outcome plugin now says the same without that plugin, whose
 * per-field hook made Apollo wrap every resolver of the schema (a fifth of an executed dashboard's
 * CPU time went to it).
 */
export function readsData(request: {
  operation?: OperationDefinitionNode;
  document?: DocumentNode;
  request: { variables?: Record<string, unknown> };
}): boolean {
  const { operation, document } = request;
  if (operation?.operation !== 'query' || !document) return false;
  const fragments: Fragments = {};
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  return selectsData(operation.selectionSet, fragments, request.request.variables ?? {}, new Set());
}
