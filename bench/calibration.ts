/**
 * The calibration contender: a bare Apollo Server 5 on Fastify (no plugin, hook, log or cache
 * of ours) answering `{ __typename }`. The benchmark starts it on the server's core and measures
 * it in the same run, so that the server's figures read as a share of what the stack itself
 * serves on this machine today, and compare across days and machines.
 */
import { ApolloServer } from '@apollo/server';
import fastifyApollo from '@as-integrations/fastify';
import Fastify from 'fastify';

const app = Fastify();
const apollo = new ApolloServer({ typeDefs: 'type Query { ok: Boolean }', resolvers: { Query: { ok: () => true } } });
await apollo.start();
await app.register(fastifyApollo(apollo), { path: '/graphql', method: ['GET', 'POST'] });
const address = await app.listen({ host: '127.0.0.1', port: 0 });
// The same line the server prints, which the benchmark reads for the address.
console.log(`Server listening at ${address}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void app.close().then(() => process.exit(0)));
