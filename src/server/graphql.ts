import { ApolloServer } from '@apollo/server';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import { createContext, type GraphQLContext } from '../graphql/context.js';
import { formatError, partialResultsPlugin } from '../graphql/errors.js';
import { buildSchema } from '../graphql/schema.js';
import { argumentValidationPlugin } from '../graphql/validation.js';
import type { UpstreamClients } from '../upstream/index.js';
import type { createHttpServer } from './http.js';

/** Mounts the GraphQL endpoint on the HTTP server: POST and GET /graphql. */
export async function mountGraphQL(
  app: ReturnType<typeof createHttpServer>,
  clients: UpstreamClients,
): Promise<ApolloServer<GraphQLContext>> {
  const apollo = new ApolloServer<GraphQLContext>({
    schema: buildSchema(),
    formatError,
    includeStacktraceInErrorResponses: false,
    plugins: [fastifyApolloDrainPlugin(app), argumentValidationPlugin(), partialResultsPlugin],
  });
  await apollo.start();
  await app.register(fastifyApollo(apollo), {
    path: '/graphql',
    context: async (request) => {
      const key = request.headers['x-datagouv-api-key'];
      return createContext(clients, { dataGouvApiKey: typeof key === 'string' && key !== '' ? key : undefined });
    },
  });
  return apollo;
}
