import { describe, expect, it } from 'vitest';
import { sandboxWorld } from '../../sandbox/world.js';
import { useSandbox } from '../helpers/sandbox.js';
import { startServer, useServer } from '../helpers/server.js';

const sandbox = useSandbox();
const server = useServer(sandbox);

const DATASETS = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Dataset { id title } } }';
const FORMATIONS = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Formation { id code } } }';
const ANY = 'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }';

const datasetIds = (n: number) =>
  Array.from({ length: n }, (_, i) => sandboxWorld().datagouv.datasets[i % sandboxWorld().datagouv.datasets.length]!.id);

/** Refused with `code`, status 400 and no upstream request at all (the sandbox's request log). */
async function refused(query: string, variables: Record<string, unknown>, code = 'BAD_USER_INPUT') {
  sandbox().controls.resetCounters();
  const { status, body } = await server().graphql(query, variables);
  expect(body.data ?? undefined).toBeUndefined();
  expect(body.errors?.[0]?.extensions?.code).toBe(code);
  expect(status).toBe(400);
  expect(sandbox().controls.requests()).toEqual([]);
  return body.errors![0]!;
}

describe('_entities: representations validated like arguments, capped, and counted in the cost', () => {
  it('refuses 180 representations before any upstream call (MAX_ENTITIES, 100 by default)', async () => {
    const representations = datasetIds(180).map((id) => ({ __typename: 'Dataset', id }));
    const error = await refused(DATASETS, { r: representations });
    expect(error.message).toMatch(/180, at most 100/);
    expect(error.extensions).toMatchObject({ representations: 180, maxEntities: 100 });
  });

  it('counts every _entities field of the operation towards the cap (aliases do not multiply it)', async () => {
    const r = datasetIds(60).map((id) => ({ __typename: 'Dataset', id }));
    const error = await refused(
      'query($r: [_Any!]!) { a: _entities(representations: $r) { __typename } b: _entities(representations: $r) { __typename } }',
      { r },
    );
    expect(error.message).toMatch(/120, at most 100/);
  });

  it.each([
    ['Formation', { id: 'national/../2024&x=1' }, /Formation\.id/],
    ['Formation', { id: 'national/40025214/..' }, /millésime/],
    ['Formation', { id: 'regional/52/../2024' }, /certification code/],
    ['Formation', { id: 'establishment/../40025214/2024' }, /UAI/],
    ['Formation', { id: 'national/40025214/2024/extra' }, /not of the form/],
    ['Structure', { id: '..' }, /Structure\.id/],
    ['Service', { id: '.' }, /Service\.id/],
    ['Dataset', { id: '..' }, /Dataset\.id/],
    ['Dataset', {}, /needs its id/],
    ['Commune', { code: '../x' }, /Commune\.code/],
    ['Nothing', { id: 'x' }, /not an entity type/],
  ])('refuses a %s representation %j before any upstream call', async (__typename, key, message) => {
    const error = await refused(ANY, { r: [{ __typename, ...key }] });
    expect(error.message).toMatch(/_entities\(representations:\)/);
    expect(error.message).toMatch(message);
  });

  it('still resolves a normal request, and the cap is inclusive', async () => {
    const datasets = datasetIds(3);
    sandbox().controls.resetCounters();
    const { body } = await server().graphql(DATASETS, { r: datasets.map((id) => ({ __typename: 'Dataset', id })) });
    expect(body.errors).toBeUndefined();
    expect(body.data._entities.map((e: { id: string }) => e.id)).toEqual(datasets);
    expect(sandbox().controls.count('datagouv')).toBe(3);

    const formation = await server().graphql('{ formation(code: "40025214", region: "52") { id } }');
    const id = formation.body.data.formation.id as string;
    const byKey = await server().graphql(FORMATIONS, { r: [{ __typename: 'Formation', id }] });
    expect(byKey.body.errors).toBeUndefined();
    expect(byKey.body.data._entities).toEqual([{ id, code: '40025214' }]);

    const communes = Array.from({ length: 100 }, () => ({ __typename: 'Commune', code: '44109' }));
    const hundred = await server().graphql('query($r: [_Any!]!) { _entities(representations: $r) { ... on Commune { code } } }', {
      r: communes,
    });
    expect(hundred.body.errors).toBeUndefined();
    expect(hundred.body.data._entities).toHaveLength(100);
  });

  it('reads MAX_ENTITIES, and weighs representations in the cost like a list its `first`', async () => {
    const own = await startServer(sandbox(), { MAX_ENTITIES: '5', MAX_COST: '40' });
    try {
      const r = (n: number) => datasetIds(n).map((id) => ({ __typename: 'Dataset', id }));
      sandbox().controls.resetCounters();
      const five = await own.graphql(DATASETS, { r: r(5) });
      expect(five.body.errors).toBeUndefined();
      const six = await own.graphql(DATASETS, { r: r(6) });
      expect(six.status).toBe(400);
      expect(six.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', representations: 6, maxEntities: 5 });
      expect(sandbox().controls.count('datagouv')).toBe(5);

      // 5 representations of 9 fields: 1 + 5 × 9 = 46 points, over 40 (they used to count 10).
      const fields = 'id slug title description url tags license frequency lastModified';
      const costly = await own.graphql(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Dataset { ${fields} } } }`, {
        r: r(5),
      });
      expect(costly.status).toBe(400);
      expect(costly.body.errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', cost: 46, maxCost: 40 });
    } finally {
      await own.close();
    }
  });
});
