import { describe, expect, it } from 'vitest';
import { geography } from '../../src/geography/index.js';
import { useSandbox } from '../helpers/sandbox.js';
import { exampleQueries, startServer, useServer, type TestServer } from '../helpers/server.js';

const sandbox = useSandbox();
const server = useServer(sandbox);

/** `{ ...F0 }`, each fragment spreading the next twice, the last one asking `leaf`: 2^levels leaves from 1 kB. */
function doubling(levels: number, on: string, leaf: string, root = `{ ...F0 }`): string {
  const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on ${on} { ...F${i + 1} ...F${i + 1} }`);
  return `${root} ${fragments.join(' ')} fragment F${levels} on ${on} { ${leaf} }`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * While `attack` runs, a plain `{ __typename }` sent a moment after it is still answered: the
 * attack does not hold the event loop. The bound is generous (a second), not a measure of speed.
 */
async function answeredMeanwhile(target: TestServer, attack: () => Promise<Response | { status: number }>) {
  const attacked = attack();
  await sleep(100);
  const started = performance.now();
  const plain = await target.graphql('{ __typename }');
  const waited = performance.now() - started;
  expect(plain.body.data).toEqual({ __typename: 'Query' });
  expect(waited).toBeLessThan(1000);
  return attacked;
}

const getUrl = (target: TestServer, params: Record<string, string>) => `${target.url}/graphql?${new URLSearchParams(params)}`;

describe('fragments that double at each level are refused without blocking the server', () => {
  it('a 23-level doubling fragment query is refused while a plain query is answered', async () => {
    sandbox().controls.resetCounters();
    const query = doubling(22, 'Query', 'communes(first: 1) { nodes { code } }');
    const attacked = await answeredMeanwhile(server(), () => server().graphql(query));
    expect(attacked.status).toBe(400);
    expect((attacked as Awaited<ReturnType<TestServer['graphql']>>).body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(sandbox().controls.count()).toBe(0);
  });

  it.each([
    ['its connection inside the fragments', doubling(24, 'Query', 'communes(first: 1) { nodes { code } }')],
    ['no connection at all', doubling(24, 'Query', '__typename')],
    ['the doubling inside the nodes', doubling(24, 'Commune', 'code', '{ communes(first: 1) { nodes { ...F0 } } }')],
  ])('a 24-level doubling export (%s) is answered with an error while a plain query is answered', async (_name, query) => {
    sandbox().controls.resetCounters();
    const attacked = await answeredMeanwhile(server(), () => fetch(getUrl(server(), { format: 'csv', query })));
    expect(attacked.status).toBe(400);
    expect(sandbox().controls.count()).toBe(0);
  });

  it('2,000 _entities representations under a 14-level fan-out are refused before any upstream call', async () => {
    sandbox().controls.resetCounters();
    const codes = geography().communes.slice(0, 2000);
    const r = codes.map((c) => ({ __typename: 'Commune', code: c.code }));
    const query = doubling(14, 'Commune', 'code', 'query($r: [_Any!]!) { _entities(representations: $r) { ...F0 } }');
    const { status, body } = await server().graphql(query, { r });
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    // Too large for the cost analysis to walk: refused, where it used to skip MAX_COST and MAX_ENTITIES.
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors?.[0]?.message).toMatch(/too costly/);
    expect(sandbox().controls.count()).toBe(0);
  });
});

describe('lists without `first` are priced by their real size', () => {
  it('the issue’s nested geography query is refused as too costly before execution', async () => {
    const query = '{ department(code: "59") { arrondissements { communes { department { arrondissements { communes { code } } } } } } }';
    const { status, body } = await server().graphql(query);
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.message).toMatch(/too costly/);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(body.errors![0]!.extensions!.cost).toBeGreaterThan(body.errors![0]!.extensions!.maxCost);
  });

  it('one level deeper is refused too, and the server still answers afterwards', async () => {
    const query =
      '{ department(code: "59") { arrondissements { communes { department { arrondissements { communes { department { arrondissements { communes { code } } } } } } } } } }';
    const { status, body } = await server().graphql(query);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/too costly/);
    const after = await server().graphql('{ department(code: "59") { name } }');
    expect(after.body.data).toEqual({ department: { name: 'Nord' } });
  });

  it('a commune’s former communes, a region’s departments and an EPCI’s members count their longest', async () => {
    const own = await startServer(sandbox(), { MAX_COST: '100' });
    try {
      // 1 + (1 + 13 departments × (1 + 1)): within 100.
      const ok = await own.graphql('{ region(code: "84") { departments { region { code } } } }');
      expect(ok.body.errors).toBeUndefined();
      for (const query of [
        // 1 + 1 + 13 × (1 + 7 arrondissements): 106.
        '{ region(code: "84") { departments { arrondissements { code } } } }',
        // An EPCI has up to 158 members.
        '{ commune(code: "44109") { epci { members { code name } } } }',
        // A commune has up to 22 former communes: 1 + 2 × (1 + 22 × 3).
        '{ commune(code: "44109") { a: formerCommunes { code name kind } b: formerCommunes { code name kind } } }',
      ]) {
        const { status, body } = await own.graphql(query);
        expect(status, query).toBe(400);
        expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      }
    } finally {
      await own.close();
    }
  });

  it('every contract query still passes', async () => {
    for (const { name, query, variables } of exampleQueries()) {
      if (name === 'create-dataset') continue; // a write, with its own tests
      const { status, body } = await server().graphql(query, variables);
      expect(body.errors, name).toBeUndefined();
      expect(status, name).toBe(200);
    }
  });
});

describe('one answer holds at most MAX_ANSWER_ITEMS list items', () => {
  it('refuses an answer over the cap with a clear error and no partial data, and serves it under the cap', async () => {
    const query = '{ department(code: "59") { arrondissements { communes { code } } } }';
    const own = await startServer(sandbox(), { MAX_ANSWER_ITEMS: '100' });
    try {
      const { status, body } = await own.graphql(query);
      expect(status).toBe(400);
      expect(body.data ?? undefined).toBeUndefined();
      expect(body.errors).toHaveLength(1);
      expect(body.errors![0]!.message).toMatch(/Answer too large/);
      expect(body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', maxAnswerItems: 100 });
      // Not kept: the same query asked again is refused again, not replayed.
      const again = await own.graphql(query);
      expect(again.status).toBe(400);
    } finally {
      await own.close();
    }
    const whole = await server().graphql(query);
    expect(whole.body.errors).toBeUndefined();
    const communes = (whole.body.data.department.arrondissements as { communes: unknown[] }[]).flatMap((a) => a.communes);
    expect(communes.length).toBeGreaterThan(100);
  });
});

describe('_entities: fragments without a type condition are priced like their parent', () => {
  const communes = (n: number) =>
    geography()
      .communes.slice(0, n)
      .map((c) => ({ __typename: 'Commune', code: c.code }));

  it.each([
    [
      'an untyped inline fragment',
      'query($r: [_Any!]!) { _entities(representations: $r) { ... { ... on Commune { stats { households } } } } }',
    ],
    [
      'a fragment on _Entity',
      'query($r: [_Any!]!) { _entities(representations: $r) { ...E } } fragment E on _Entity { ... on Commune { stats { households } } }',
    ],
  ])('%s under _entities counts each representation’s Melodi call', async (_name, query) => {
    sandbox().controls.resetCounters();
    const { status, body } = await server().graphql(query, { r: communes(50) });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', source: 'melodi', upstreamCalls: 50 });
    expect(sandbox().controls.count()).toBe(0);
  });
});
