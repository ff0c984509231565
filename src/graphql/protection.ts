import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import type { Environment } from '../config.js';
import { memoByOperation } from './document-memo.js';

type Limits = Pick<Environment, 'MAX_DEPTH' | 'MAX_ALIASES' | 'MAX_DIRECTIVES' | 'MAX_COST' | 'FIELD_SUGGESTIONS'>;

/** A list asked with `first: n` costs n times what one of its items costs. */
const firstEstimator: ComplexityEstimator = ({ args, childComplexity }) =>
  typeof args.first === 'number' ? 1 + args.first * childComplexity : undefined;

/**
 * Rejects a query whose estimated cost exceeds the limit, before execution. GraphQL Armor's own
 * cost limit does not weigh lists by their size, hence graphql-query-complexity here.
 */
function costLimitPlugin(schema: GraphQLSchema, maxCost: number): ApolloServerPlugin {
  const estimators = [firstEstimator, simpleEstimator({ defaultComplexity: 1 })];
  const costOf = memoByOperation((query, variables, operationName): number | null => {
    try {
      return getComplexity({ schema, query, variables, operationName, estimators });
    } catch {
      return null; // malformed variables: execution reports them
    }
  });
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          const cost = costOf(document, request.variables ?? {}, request.operationName ?? undefined);
          if (cost !== null && cost > maxCost) {
            throw new GraphQLError(
              `Query too costly: ${cost} points, at most ${maxCost} (a list counts \`first\` times its items; ask for fewer items or fields)`,
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

/** Limits on depth, aliases, tokens, directives and cost, and field suggestions on or off. */
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
  const armorPlugins = armor.plugins as unknown as ApolloServerPlugin[];
  return { plugins: [...armorPlugins, costLimitPlugin(schema, limits.MAX_COST)], validationRules: armor.validationRules };
}
