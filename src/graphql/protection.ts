import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { getOperationAST, getVariableValues, GraphQLError, type GraphQLSchema } from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import type { Environment } from '../config.js';
import { memoByOperation } from '../caching/document-memo.js';
import type { GraphQLContext } from './context.js';
import { boundAnswerItems } from './answer-size.js';
import { upstreamBudgetPlugin } from './upstream-budget.js';
import { callPoints, itemsOf } from './upstream-cost.js';

type Limits = Pick<
  Environment,
  'MAX_DEPTH' | 'MAX_ALIASES' | 'MAX_DIRECTIVES' | 'MAX_COST' | 'MAX_ENTITIES' | 'MAX_ANSWER_ITEMS' | 'FIELD_SUGGESTIONS'
>;

/**
 * A list costs as many times what one of its items costs as it can hold items: its `first`, or the
 * longest it can be (the geography's lists: a department's arrondissements, an EPCI's members…).
 */
const listEstimator: ComplexityEstimator = ({ field, args, childComplexity }) =>
  typeof args.first === 'number' || field.extensions.listSize !== undefined ? 1 + itemsOf(field, args, true) * childComplexity : undefined;

/**
 * A field that calls an upstream weighs its calls (upstream-cost.ts: an Insee cube per zone is
 * dear, a geography field is free), on top of what the other estimators give it.
 */
const upstreamEstimator: ComplexityEstimator = ({ field, args, node, childComplexity }) => {
  const cost = field.extensions.upstreamCost;
  if (!cost) return undefined;
  return 1 + callPoints(cost.calls(args, {}, node)) + itemsOf(field, args, true) * childComplexity;
};

/**
 * Rejects a query whose estimated cost exceeds the limit, or which asks for more federation
 * entities than allowed, before execution. GraphQL Armor's own cost limit does not weigh lists by
 * their size, hence graphql-query-complexity here. `_entities` weighs its representations times
 * its items' cost, like a list its `first`, and every `_entities` field of the operation counts
 * towards MAX_ENTITIES (aliases cannot multiply the cap). A query too large for the analysis to
 * walk (fragments spread again and again) is refused as too costly: it cannot be priced.
 */
function costLimitPlugin(schema: GraphQLSchema, limits: Pick<Limits, 'MAX_COST' | 'MAX_ENTITIES'>): ApolloServerPlugin {
  const { MAX_COST: maxCost, MAX_ENTITIES: maxEntities } = limits;
  const analysisOf = memoByOperation((query, variables, operationName): { cost: number; entities: number } | 'unpriceable' | null => {
    let entities = 0;
    const entitiesEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
      if (field.name !== '_entities' || !Array.isArray(args.representations)) return undefined;
      entities += args.representations.length;
      return 1 + args.representations.length * childComplexity;
    };
    const estimators = [entitiesEstimator, upstreamEstimator, listEstimator, simpleEstimator({ defaultComplexity: 1 })];
    const operation = getOperationAST(query, operationName);
    // Malformed variables: execution reports them, and the cost cannot be known.
    if (operation && getVariableValues(schema, operation.variableDefinitions ?? [], variables).errors) return null;
    try {
      return { cost: getComplexity({ schema, query, variables, operationName, estimators }), entities };
    } catch {
      // graphql-query-complexity gives up past its node limit (10,000 nodes walked, fragments
      // expanded): such a query is no client's, and letting it through would skip both limits.
      return 'unpriceable';
    }
  });
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          const analysis = analysisOf(document, request.variables ?? {}, request.operationName ?? undefined);
          if (analysis === null) return;
          if (analysis === 'unpriceable') {
            throw new GraphQLError(
              'Query too costly: too large to price once its fragments are expanded (a fragment spread again and again); spread fewer fragments',
              { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', maxCost, http: { status: 400 } } },
            );
          }
          const { cost, entities } = analysis;
          if (entities > maxEntities) {
            throw new GraphQLError(`Too many entity representations: ${entities}, at most ${maxEntities} per request`, {
              extensions: { code: 'BAD_USER_INPUT', representations: entities, maxEntities, http: { status: 400 } },
            });
          }
          if (cost > maxCost) {
            throw new GraphQLError(
              `Query too costly: ${cost} points, at most ${maxCost} (a list counts \`first\` times its items, or the longest it can be without \`first\`; ask for fewer items, fields or nested lists)`,
              {
                extensions: { code: 'GRAPHQL_VALIDATION_FAILED', cost, maxCost, http: { status: 400 } },
              },
            );
          }
        },
      };
    },
  };
}

/**
 * Limits on depth, aliases, tokens, directives, cost and upstream calls (per source, see
 * upstream-budget.ts), on the list items of an answer (answer-size.ts: wraps the schema's list
 * resolvers, once per schema), and field suggestions on or off.
 */
export function protection(schema: GraphQLSchema, limits: Limits) {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.MAX_DEPTH, ignoreIntrospection: true, flattenFragments: true },
    maxAliases: { n: limits.MAX_ALIASES },
    // Tokens are counted by graphql-js's parser itself (Apollo's parseOptions), as a parse error.
    maxTokens: { enabled: false },
    maxDirectives: { n: limits.MAX_DIRECTIVES },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: !limits.FIELD_SUGGESTIONS },
  }).protect();
  // Armor's typings come from @apollo/server's CommonJS build; the plugins are the same objects.
  const armorPlugins = armor.plugins as unknown as ApolloServerPlugin<GraphQLContext>[];
  // After the cost limit: a query both too costly and over a budget is told it is too costly.
  // The answer's bound before the plugins that read the response (its status, cache policy).
  const plugins = [
    ...armorPlugins,
    costLimitPlugin(schema, limits),
    upstreamBudgetPlugin(schema),
    boundAnswerItems(schema, limits.MAX_ANSWER_ITEMS) as ApolloServerPlugin<GraphQLContext>,
  ];
  return { plugins, validationRules: armor.validationRules };
}
