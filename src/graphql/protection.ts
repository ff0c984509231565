import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import type { Environment } from '../config.js';

type Limits = Pick<Environment, 'MAX_DEPTH' | 'MAX_ALIASES' | 'MAX_DIRECTIVES' | 'MAX_COST' | 'FIELD_SUGGESTIONS'>;

/** A list asked with `first: n` costs n times what one of its items costs. */
const firstEstimator: ComplexityEstimator = ({ args, childComplexity }) =>
  typeof args.first === 'number' ? 1 + args.first * childComplexity : undefined;

/**
 * Rejects a query whose estimated cost exceeds the limit, before execution. GraphQL Armor's own
 * cost limit does not weigh lists by their size, hence graphql-query-complexity here.
 */
function costLimitPlugin(maxCost: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request }) {
          let cost: number;
          try {
            cost = getComplexity({
              schema: schema as GraphQLSchema,
              query: document,
              variables: request.variables ?? {},
              operationName: request.operationName ?? undefined,
              estimators: [firstEstimator, simpleEstimator({ defaultComplexity: 1 })],
            });
          } catch {
            return; // malformed variables: execution reports them
          }
          if (cost > maxCost) {
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
export function protection(limits: Limits) {
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
  return { plugins: [...armorPlugins, costLimitPlugin(limits.MAX_COST)], validationRules: armor.validationRules };
}
