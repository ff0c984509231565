import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError, type GraphQLResolveInfo } from 'graphql';
import { UpstreamError } from '../policies/errors.js';
import type { GraphQLContext } from './context.js';
import { emptyConnection, type Connection } from './pagination.js';

/** Upstream failures carry the contract's code and the source; anything else is internal. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof UpstreamError) {
    return {
      message: original.message,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: original.code, source: original.source, ...(original.details.fields ? { fields: original.details.fields } : {}) },
    };
  }
  const code = formatted.extensions?.code;
  if (code === 'INTERNAL_SERVER_ERROR' || code === undefined) {
    return {
      message: 'Internal server error',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  }
  const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
  return { message: formatted.message, path: formatted.path, locations: formatted.locations, extensions: { ...extensions, code } };
}

/**
 * Connections are non-null in the schema, so an upstream failure cannot null them without
 * nulling their parent (a whole commune). Instead the connection comes back empty with
 * `totalCount: null`, and the failure is reported in `errors` at the connection's path.
 */
export async function guardConnection<T>(
  context: GraphQLContext,
  info: GraphQLResolveInfo,
  load: () => Promise<Connection<T>>,
): Promise<Connection<T>> {
  try {
    return await load();
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    reportPartialFailure(context, info, error);
    return emptyConnection();
  }
}

/** Records an upstream failure at the current field's path, for a field that still answers. */
export function reportPartialFailure(context: GraphQLContext, info: GraphQLResolveInfo, error: UpstreamError): void {
  const path = [];
  for (let p: GraphQLResolveInfo['path'] | undefined = info.path; p; p = p.prev) path.unshift(p.key);
  const extensions = { code: error.code, source: error.source, ...(error.details.fields ? { fields: error.details.fields } : {}) };
  context.outcome.failedPartially(new GraphQLError(error.message, { path, extensions }));
}

const CLIENT_ERROR_CODES = new Set(['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_USER_INPUT']);

/**
 * A request refused for its own shape is the client's error (400), even when a protection
 * throws it from a phase Apollo would otherwise report as 500 (the token limit, at parsing).
 */
export const clientErrorStatusPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        const { data, errors } = response.body.singleResult;
        if (data === undefined && errors?.length && errors.every((e) => CLIENT_ERROR_CODES.has(String(e.extensions?.code))))
          response.http.status = 400;
      },
    };
  },
};
