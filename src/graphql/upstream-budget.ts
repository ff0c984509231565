import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  getArgumentValues,
  getNamedType,
  getOperationAST,
  isInterfaceType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { memoByOperation } from '../caching/document-memo.js';
import { SOURCE_NAMES, type SourceName } from '../sources/names.js';
import { UpstreamBudget } from '../upstream/request-context.js';
import type { GraphQLContext } from './context.js';
import type { Calls, EntityCost, Loaded } from './upstream-cost.js';

/** The most upstream calls an operation can make, per source (worst case, cold cache). */
export type UpstreamEstimate = Record<SourceName, number>;

interface Walk {
  schema: GraphQLSchema;
  variables: Record<string, unknown>;
  fragments: Map<string, FragmentDefinitionNode>;
  total: UpstreamEstimate;
}

function add(walk: Walk, calls: Calls, times: number): void {
  for (const [source, n] of Object.entries(calls) as [SourceName, number][]) walk.total[source] += n * times;
}

/**
 * Adds up a selection's calls, `times` over (the items of the lists around it). Under
 * `_entities`, `entities` counts the representations of each type: a fragment on a type is
 * resolved that many times.
 */
function visit(
  walk: Walk,
  set: SelectionSetNode,
  type: GraphQLNamedType,
  times: number,
  loaded: Loaded,
  entities?: Map<string, number>,
): void {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (!isObjectType(type) && !isInterfaceType(type)) continue;
      const field = type.getFields()[selection.name.value];
      if (!field) continue; // __typename and introspection
      const args = getArgumentValues(field, selection, walk.variables);
      const coordinate = `${type.name}.${field.name}`;
      const childType = getNamedType(field.type);
      if (coordinate === 'Query._entities') {
        visitEntities(walk, selection.selectionSet!, childType, times, args.representations);
        continue;
      }
      const cost = field.extensions.upstreamCost;
      if (cost) add(walk, cost.calls(args, loaded, selection), times);
      if (!selection.selectionSet) continue;
      const items = typeof args.first === 'number' ? args.first : (field.extensions.listSize?.() ?? 1);
      // Items carry what their list loaded; below a field that loads nothing, nothing is carried.
      visit(walk, selection.selectionSet, childType, times * items, cost ? (cost.loads?.(args) ?? {}) : loaded);
      continue;
    }
    const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : walk.fragments.get(selection.name.value);
    if (!fragment) continue;
    const on = fragment.typeCondition ? walk.schema.getType(fragment.typeCondition.name.value) : type;
    if (!on) continue;
    if (entities)
      visit(walk, fragment.selectionSet, on, times * (entities.get(on.name) ?? 0), entityCostOf(walk.schema, on.name)?.loads ?? {});
    else visit(walk, fragment.selectionSet, on, times, loaded);
  }
}

/** What resolving a reference of this type costs (its module's `costs.entities`). */
function entityCostOf(schema: GraphQLSchema, typeName: string): EntityCost | undefined {
  const type = schema.getType(typeName);
  return isObjectType(type) ? type.extensions.entityCost : undefined;
}

/** Each distinct representation is resolved once (the loaders share equal keys), its type's fragments with it. */
function visitEntities(walk: Walk, set: SelectionSetNode, type: GraphQLNamedType, times: number, representations: unknown): void {
  const byType = new Map<string, number>();
  const distinct = new Map((Array.isArray(representations) ? representations : []).map((r: unknown) => [JSON.stringify(r), r]));
  for (const representation of distinct.values()) {
    const fields = (representation ?? {}) as Record<string, unknown>;
    const cost = entityCostOf(walk.schema, String(fields.__typename));
    if (cost) add(walk, cost.calls(fields), times);
    byType.set(String(fields.__typename), (byType.get(String(fields.__typename)) ?? 0) + 1);
  }
  visit(walk, set, type, times, {}, byType);
}

/** The most upstream calls the operation can make, per source; null when its variables are malformed. */
export function estimateUpstreamCalls(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName: string | undefined,
): UpstreamEstimate | null {
  const operation = getOperationAST(document, operationName);
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return null;
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const total = Object.fromEntries(SOURCE_NAMES.map((name) => [name, 0])) as UpstreamEstimate;
  try {
    visit({ schema, variables, fragments, total }, operation.selectionSet, root, 1, {});
  } catch {
    return null; // malformed variables: execution reports them
  }
  return total;
}

/**
 * Each request's upstream-call budget, per source (`<PREFIX>_REQUEST_BUDGET`, by default a third
 * of the source's quota window, see upstream/fair-use.ts). A request whose estimate exceeds a
 * budget is refused before any call, naming the source; one that passes carries its budgets
 * (the request's scope), which the sources count down call by call, so that an estimate that is
 * wrong cannot overspend (the calls beyond fail as UPSTREAM_RATE_LIMITED).
 */
export function upstreamBudgetPlugin(schema: GraphQLSchema): ApolloServerPlugin<GraphQLContext> {
  const estimateOf = memoByOperation((document, variables, operationName) =>
    estimateUpstreamCalls(schema, document, variables, operationName),
  );
  /** The budgets, the same for every request of the process: read from its clients once. */
  let budgetsOfProcess: Record<SourceName, number> | undefined;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, contextValue }) {
          const budgets = (budgetsOfProcess ??= Object.fromEntries(
            SOURCE_NAMES.map((name) => [name, contextValue.clients.sources[name].fairUse.requestBudget]),
          ) as Record<SourceName, number>);
          const estimate = estimateOf(document, request.variables ?? {}, request.operationName ?? undefined);
          const over = estimate && SOURCE_NAMES.find((name) => estimate[name] > budgets[name]);
          if (estimate && over) {
            throw new GraphQLError(
              `Too many upstream calls: this request could make ${estimate[over]} calls to ${over}, at most ${budgets[over]} per request; ask for fewer items (a smaller \`first\`, then page with \`after\`) or fewer aliases`,
              {
                extensions: {
                  code: 'GRAPHQL_VALIDATION_FAILED',
                  source: over,
                  upstreamCalls: estimate[over],
                  requestBudget: budgets[over],
                  http: { status: 400 },
                },
              },
            );
          }
          if (contextValue.scope) contextValue.scope.upstreamBudget = new UpstreamBudget(budgets);
        },
      };
    },
  };
}
