import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginInlineTrace } from '@apollo/server/plugin/inlineTrace';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import fastifyApollo from '@as-integrations/fastify';
import type { FastifyRequest } from 'fastify';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { MEGABYTE } from '../caching/byte-bound.js';
import { registerHotResponses } from '../caching/hot-responses.js';
import { decorateWithOutcome } from '../caching/outcome-decoration.js';
import { responseCachePlugins } from '../caching/response-cache.js';
import { registerVary } from '../caching/vary.js';
import type { Environment } from '../config.js';
import { createContext, type GraphQLContext } from '../graphql/context.js';
import { clientErrorStatusPlugin, formatError } from '../graphql/errors.js';
import { outcomePlugin } from '../graphql/outcome-plugin.js';
import { protection } from '../graphql/protection.js';
import { argumentValidation, buildSchema } from '../modules/index.js';
import type { Connections } from '../connections.js';
import { querySourcePlugin, registerExports } from './export/index.js';
import { ExportSlots } from './export/slots.js';
import { drainWithGrace } from './drain.js';
import { exampleOperationNames, graphiqlLandingPage, registerGraphiqlAssets } from './graphiql.js';
import { clientIdentity, type HttpServer } from './http.js';
import { graphqlMetricsPlugin } from './metrics.js';
import { registerPostJsonOnly } from './post-json-only.js';
import { registerMcp } from './mcp/index.js';
import { registerOData } from './odata/index.js';
import { registerNamedEndpoints } from './rest/index.js';

export type GraphQLConfig = Pick<
  Environment,
  | 'MAX_DEPTH'
  | 'MAX_ALIASES'
  | 'MAX_TOKENS'
  | 'MAX_DIRECTIVES'
  | 'MAX_COST'
  | 'MAX_ENTITIES'
  | 'MAX_ANSWER_ITEMS'
  | 'FIELD_SUGGESTIONS'
  | 'INTROSPECTION'
  | 'RESPONSE_CACHE'
  | 'RESPONSE_CACHE_MAX_ENTRIES'
  | 'RESPONSE_CACHE_MAX_MB'
  | 'HOT_RESPONSES_MAX_MB'
  | 'FEDERATION_TRACING'
  | 'EXPORT_MAX_ROWS'
  | 'EXPORT_MAX_MB'
  | 'EXPORT_MAX_PER_CLIENT'
  | 'EXPORT_MAX_CONCURRENT'
  | 'EXPORT_SHUTDOWN_GRACE_S'
  | 'PERSISTED_QUERIES_DIR'
  | 'QUOTA_MAX_WAIT_MS'
  | 'API_KEYS'
  | 'MCP_ENABLED'
  | 'MCP_ADHOC'
  | 'CORS_ORIGINS'
  | 'sources'
>;

/**
 * Inline traces (`ftv1`) reveal each resolver's timing to whoever asks with the
 * `apollo-federation-include-trace` header: only when the operator says a gateway asks for them.
 * Their errors are masked: a trace goes to the gateway before formatError could clean it.
 */
function inlineTracing(enabled: boolean): ApolloServerPlugin {
  return enabled ? ApolloServerPluginInlineTrace({ includeErrors: { masked: true } }) : ApolloServerPluginInlineTraceDisabled();
}

/**
 * Apollo refuses some requests before execution with a GraphQLError that has an HTTP status of
 * 4xx but no code (a persisted query whose hash does not match its text): the client's error,
 * told as Apollo words it with the code BAD_REQUEST, rather than folded into an internal error.
 */
function withRequestErrors(format: typeof formatError): typeof formatError {
  return (formatted: GraphQLFormattedError, error: unknown) => {
    const status = error instanceof GraphQLError ? (error.extensions.http as { status?: number } | undefined)?.status : undefined;
    if (error instanceof GraphQLError && error.extensions.code === undefined && status !== undefined && status >= 400 && status < 500)
      return { message: error.message, extensions: { code: 'BAD_REQUEST' } };
    return format(formatted, error);
  };
}

/** What the context of a request is built from: its id, its address and its headers. */
export type RequestFacts = Pick<FastifyRequest, 'id' | 'ip' | 'headers'>;

/**
 * GraphQL without HTTP: Apollo, and the context an HTTP request with these facts would get (its
 * scope and loaders), so that `apollo.executeOperation` answers as POST /graphql would. For the
 * in-process tests (test/helpers/operation.ts); `close()` of the app stops Apollo.
 */
export interface InProcessGraphQL {
  apollo: ApolloServer<GraphQLContext>;
  contextOf(request: RequestFacts): GraphQLContext;
}

/**
 * Mounts GraphQL on the HTTP server: POST (JSON only) and GET /graphql (GET for queries only, no
 * preflight header needed; automatic persisted queries), GraphiQL for browsers, CSV/NDJSON
 * exports of whole lists, and named endpoints (`/rest/<operation>`).
 */
export async function mountGraphQL(app: HttpServer, connections: Connections, config: GraphQLConfig): Promise<InProcessGraphQL> {
  const schema = buildSchema();
  const guard = protection(schema, config);
  const slots = new ExportSlots(config);
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    // Apollo's own messages go to the structured log, not the console.
    logger: app.log,
    formatError: withRequestErrors(formatError),
    introspection: config.INTROSPECTION,
    includeStacktraceInErrorResponses: false,
    // main.ts owns SIGTERM/SIGINT: Apollo's own handler would re-raise the signal once stopped,
    // killing the process before Redis, the sandbox and the log are closed.
    stopOnTerminationSignals: false,
    // Replaced by one rule of our own (post-json-only.ts): any GET (queries only) needs no preflight
    // header, so that BI tools and curl can read a URL; a POST must be JSON.
    csrfPrevention: false,
    parseOptions: { maxTokens: config.MAX_TOKENS },
    validationRules: guard.validationRules,
    plugins: [
      drainWithGrace(app, config.EXPORT_SHUTDOWN_GRACE_S, slots),
      graphiqlLandingPage('/graphql'),
      inlineTracing(config.FEDERATION_TRACING),
      ...guard.plugins,
      argumentValidation(schema),
      outcomePlugin,
      clientErrorStatusPlugin,
      graphqlMetricsPlugin(connections.metrics.registry, exampleOperationNames()),
      ...responseCachePlugins(connections, config, connections.metrics.registry),
      querySourcePlugin,
    ],
  });
  await apollo.start();
  const apiKeys = new Set(config.API_KEYS);
  /** Who a request is for: its upstream quota share, its exports' slots. */
  const clientOf = (request: RequestFacts) => clientIdentity(request, apiKeys);
  const contextOf = (request: RequestFacts) => {
    const key = request.headers['x-datagouv-api-key'];
    return createContext(connections, {
      dataGouvApiKey: typeof key === 'string' && key !== '' ? key : undefined,
      // The client's identity also gives it its fair share of each upstream's quota.
      identity: { requestId: request.id, client: clientOf(request) },
    });
  };
  const contextFor = async (request: FastifyRequest) => {
    const context = contextOf(request);
    // The hot layer reads it as the response leaves (caching/outcome-decoration.ts).
    request.outcome = context.outcome;
    return context;
  };
  decorateWithOutcome(app);
  registerGraphiqlAssets(app);
  registerPostJsonOnly(app, '/graphql');
  registerVary(app);
  if (config.RESPONSE_CACHE)
    registerHotResponses(app, connections.metrics.registry, {
      maxEntries: Math.min(config.RESPONSE_CACHE_MAX_ENTRIES, 1000),
      maxBytes: config.HOT_RESPONSES_MAX_MB * MEGABYTE,
    });
  const exportDeps = { apollo, schema, contextFor, clientOf, slots, config };
  registerExports(app, exportDeps);
  registerNamedEndpoints(app, exportDeps, config.PERSISTED_QUERIES_DIR);
  registerMcp(app, exportDeps, config);
  registerOData(app, exportDeps);
  await app.register(fastifyApollo(apollo), { path: '/graphql', method: ['GET', 'POST', 'OPTIONS'], context: contextFor });
  return { apollo, contextOf };
}
