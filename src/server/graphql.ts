import { ApolloServer } from '@apollo/server';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import type { FastifyRequest } from 'fastify';
import { followOutcome, registerHotResponses } from '../caching/hot-responses.js';
import { responseCachePlugins } from '../caching/response-cache.js';
import type { Environment } from '../config.js';
import { createContext, type GraphQLContext } from '../graphql/context.js';
import { clientErrorStatusPlugin, formatError } from '../graphql/errors.js';
import { outcomePlugin } from '../graphql/outcome-plugin.js';
import { protection } from '../graphql/protection.js';
import { argumentValidation, buildSchema } from '../modules/index.js';
import type { UpstreamClients } from '../clients.js';
import { registerExports } from './export.js';
import { exampleOperationNames, graphiqlLandingPage, registerGraphiqlAssets } from './graphiql.js';
import type { HttpServer } from './http.js';
import { graphqlMetricsPlugin } from './metrics.js';

export type GraphQLConfig = Pick<
  Environment,
  | 'MAX_DEPTH'
  | 'MAX_ALIASES'
  | 'MAX_TOKENS'
  | 'MAX_DIRECTIVES'
  | 'MAX_COST'
  | 'MAX_ENTITIES'
  | 'FIELD_SUGGESTIONS'
  | 'INTROSPECTION'
  | 'RESPONSE_CACHE'
  | 'RESPONSE_CACHE_MAX_ENTRIES'
>;

/**
 * Mounts GraphQL on the HTTP server: POST and GET /graphql (GET for queries only; automatic
 * persisted queries; CSRF prevention), GraphiQL for browsers, and CSV/NDJSON exports.
 */
export async function mountGraphQL(
  app: HttpServer,
  clients: UpstreamClients,
  config: GraphQLConfig,
): Promise<ApolloServer<GraphQLContext>> {
  const schema = buildSchema();
  const guard = protection(schema, config);
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    // Apollo's own messages go to the structured log, not the console.
    logger: app.log,
    formatError,
    introspection: config.INTROSPECTION,
    includeStacktraceInErrorResponses: false,
    // main.ts owns SIGTERM/SIGINT: Apollo's own handler would re-raise the signal once stopped,
    // killing the process before Redis, the sandbox and the log are closed.
    stopOnTerminationSignals: false,
    csrfPrevention: true,
    parseOptions: { maxTokens: config.MAX_TOKENS },
    validationRules: guard.validationRules,
    plugins: [
      fastifyApolloDrainPlugin(app),
      graphiqlLandingPage('/graphql'),
      ...guard.plugins,
      argumentValidation(schema),
      outcomePlugin,
      clientErrorStatusPlugin,
      graphqlMetricsPlugin(clients.metrics.registry, exampleOperationNames()),
      ...responseCachePlugins(clients, config, clients.metrics.registry),
    ],
  });
  await apollo.start();
  const contextFor = async (request: FastifyRequest) => {
    const key = request.headers['x-datagouv-api-key'];
    const context = createContext(clients, { dataGouvApiKey: typeof key === 'string' && key !== '' ? key : undefined });
    followOutcome(request, context.outcome);
    return context;
  };
  registerGraphiqlAssets(app);
  if (config.RESPONSE_CACHE) registerHotResponses(app, Math.min(config.RESPONSE_CACHE_MAX_ENTRIES, 1000));
  registerExports(app, apollo, contextFor);
  await app.register(fastifyApollo(apollo), { path: '/graphql', method: ['GET', 'POST', 'OPTIONS'], context: contextFor });
  return apollo;
}
