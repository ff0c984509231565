import { ApolloGateway, IntrospectAndCompose } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geography } from '../../src/geography/index.js';
import { sandboxWorld } from '../../sandbox/world.js';
import { useSandbox } from '../helpers/sandbox.js';
import { startServer, type TestServer } from '../helpers/server.js';

const sandbox = useSandbox();

/** A second subgraph of the test's own: it extends Commune with a field computed from its code. */
function extraSubgraph(): ApolloServer {
  const typeDefs = parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
    type Commune @key(fields: "code") {
      code: ID!
      "The department part of the Insee code."
      departmentFromCode: String!
    }
    type Query {
      "A commune this subgraph features; its other fields come from inclusion-graph."
      featuredCommune: Commune
    }
  `);
  const resolvers = {
    Query: { featuredCommune: () => ({ code: '44109' }) },
    Commune: {
      __resolveReference: (ref: { code: string }) => ({ code: ref.code }),
      departmentFromCode: ({ code }: { code: string }) => (code.startsWith('97') ? code.slice(0, 3) : code.slice(0, 2)),
    },
  };
  return new ApolloServer({ schema: buildSubgraphSchema({ typeDefs, resolvers }) });
}

async function post(url: string, query: string, variables?: Record<string, unknown>): Promise<any> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}

describe('Apollo Federation v2', () => {
  let server: TestServer;
  let extra: ApolloServer;
  let gateway: ApolloServer;
  let gatewayUrl: string;

  beforeAll(async () => {
    server = await startServer(sandbox());
    extra = extraSubgraph();
    const { url: extraUrl } = await startStandaloneServer(extra, { listen: { port: 0, host: '127.0.0.1' } });
    gateway = new ApolloServer({
      gateway: new ApolloGateway({
        supergraphSdl: new IntrospectAndCompose({
          subgraphs: [
            { name: 'inclusion', url: `${server.url}/graphql` },
            { name: 'extra', url: extraUrl },
          ],
        }),
      }),
    });
    ({ url: gatewayUrl } = await startStandaloneServer(gateway, { listen: { port: 0, host: '127.0.0.1' } }));
  });
  afterAll(async () => {
    await gateway?.stop();
    await extra?.stop();
    await server?.close();
  });

  it('publishes a subgraph SDL with entity keys', async () => {
    const { data } = await post(`${server.url}/graphql`, '{ _service { sdl } }');
    for (const [type, key] of [
      ['Commune', 'code'],
      ['Structure', 'id'],
      ['Service', 'id'],
      ['Dataset', 'id'],
      ['Formation', 'id'],
    ]) {
      expect(data._service.sdl).toMatch(new RegExp(`type ${type}\\s+@key\\(fields: "${key}"\\)`));
    }
  });

  it('answers a query crossing both subgraphs through a real gateway, with the same upstream cost', async () => {
    sandbox().controls.resetCounters();
    const { data, errors } = await post(
      gatewayUrl,
      '{ commune(code: "2A004") { name departmentFromCode structures(first: 2) { totalCount } } }',
    );
    expect(errors).toBeUndefined();
    expect(data.commune).toMatchObject({ name: 'Ajaccio', departmentFromCode: '2A' });
    expect(data.commune.structures.totalCount).toBeGreaterThan(0);
    expect(sandbox().controls.count()).toBe(2); // data·inclusion and the Marché, as without the gateway

    const other = await post(gatewayUrl, '{ featuredCommune { code departmentFromCode name population department { name } } }');
    expect(other.errors).toBeUndefined();
    expect(other.data.featuredCommune).toEqual({
      code: '44109',
      departmentFromCode: '44',
      name: 'Nantes',
      population: 327_734,
      department: { name: 'Loire-Atlantique' },
    });
  });

  it('resolves entities through the DataLoaders: in order, duplicates shared, unknown ones null', async () => {
    const datasets = sandboxWorld()
      .datagouv.datasets.slice(0, 5)
      .map((d) => d.id);
    const representations = [...datasets, ...datasets, 'ffffffffffffffffffffffff'].map((id) => ({ __typename: 'Dataset', id }));
    sandbox().controls.resetCounters();
    const { data, errors } = await post(
      `${server.url}/graphql`,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Dataset { id title } } }',
      { r: representations },
    );
    expect(errors).toBeUndefined();
    expect(data._entities.map((e: { id: string } | null) => e?.id ?? null)).toEqual([...datasets, ...datasets, null]);
    expect(sandbox().controls.count('datagouv')).toBe(6);

    const communes = Array.from({ length: 100 }, (_, i) => ({ __typename: 'Commune', code: `44${String(i + 1).padStart(3, '0')}` }));
    sandbox().controls.resetCounters();
    const resolved = await post(
      `${server.url}/graphql`,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Commune { code name } } }',
      { r: communes },
    );
    expect(resolved.data._entities).toHaveLength(100);
    resolved.data._entities.forEach((entity: { code: string } | null, i: number) => {
      expect(entity?.code ?? null).toBe(geography().commune(communes[i]!.code) ? communes[i]!.code : null);
    });
    expect(sandbox().controls.count()).toBe(0);

    const formation = await post(`${server.url}/graphql`, '{ formation(code: "40025214", region: "52") { id } }');
    const byKey = await post(
      `${server.url}/graphql`,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Formation { id code region { code } } } }',
      {
        r: [{ __typename: 'Formation', id: formation.data.formation.id }],
      },
    );
    expect(byKey.data._entities[0]).toEqual({ id: formation.data.formation.id, code: '40025214', region: { code: '52' } });
  });
});
