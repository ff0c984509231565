import { describe, expect, it } from 'vitest';
import { encodeCursor } from '../../../src/graphql/pagination.js';
import { useSandbox } from '../../helpers/sandbox.js';
import { useInProcess } from '../../helpers/operation.js';
import { example } from '../../helpers/server.js';

const sandbox = useSandbox();
const server = useInProcess(sandbox);

/** Runs a request that must be refused before any resolver, hence any upstream call, runs. */
async function refused(query: string, variables: Record<string, unknown> = {}): Promise<string> {
  sandbox().controls.resetCounters();
  const { status, body } = await server().graphql(query, variables);
  expect(body.data).toBeUndefined();
  expect(body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  expect(status).toBe(400);
  expect(sandbox().controls.count()).toBe(0);
  return body.errors![0]!.message;
}

describe('malformed arguments are rejected with BAD_USER_INPUT and no upstream call', () => {
  it.each(['4410', '441090', '20004', 'ABCDE', '2C004', '44 09'])('commune code %j', async (code) => {
    expect(await refused(example('commune-dashboard'), { code })).toMatch(/Insee commune code/);
  });

  it('accepts Corsica, overseas and arrondissements, and answers null for a well-formed unknown code', async () => {
    for (const code of ['2A004', '97411', '75111', '98735']) {
      const { body } = await server().graphql('query($code: ID!) { commune(code: $code) { code } }', { code });
      expect(body.errors).toBeUndefined();
    }
    expect((await server().graphql('{ commune(code: "99999") { code } }')).body).toEqual({ data: { commune: null } });
  });

  it.each(['00', '20', '96', '977x', '4'])('department %j', async (department) => {
    expect(await refused(example('structures-of-department'), { department })).toMatch(/department code/);
  });

  it.each(['12345678901234', '7328293200007', '7328293200007A', '35600000049838'])('SIRET %j', async (siret) => {
    expect(await refused(example('structure-by-siret'), { siret })).toMatch(/SIRET/);
  });

  it('accepts La Poste SIRETs that only pass the digit-sum rule', async () => {
    const { body } = await server().graphql(example('structure-by-siret'), { siret: '35600000049837' });
    expect(body.errors).toBeUndefined();
  });

  it.each(['ABC', '4002521', 'CFD:4002521', 'SISE:25002', '2500200'])('certification code %j', async (code) => {
    expect(await refused(example('formation-outcomes'), { code, region: '52' })).toMatch(/certification code/);
  });

  it('region, UAI, millésime, themes, postal code, SIAE kinds and Insee cube arguments', async () => {
    expect(await refused(example('formation-outcomes'), { code: '40025214', region: '99' })).toMatch(/region code/);
    expect(await refused('{ formation(code: "40025214", uai: "0751234K") { code } }')).toMatch(/UAI/);
    expect(await refused('{ formation(code: "40025214", millesime: "2023-2024") { code } }')).toMatch(/millésime/);
    expect(await refused(example('services-near'), { commune: '75056', themes: ['not-a-theme'] })).toMatch(/theme/);
    expect(await refused('{ communes(postalCode: "4400") { totalCount } }')).toMatch(/postal code/);
    expect(await refused('{ structures(filter: { department: "44", siaeKinds: ["XYZ"] }) { totalCount } }')).toMatch(/SIAE kind/);
    expect(
      await refused(
        '{ commune(code: "44109") { stats { cube(dataset: "GEO2023RP2020", variables: ["SEXE"], modalities: ["1 2"]) { year } } } }',
      ),
    ).toMatch(/modality/);
  });

  it('paging: first out of range and cursors this API did not issue', async () => {
    expect(await refused('{ communes(search: "nantes", first: 0) { totalCount } }')).toMatch(/first must be between 1 and 100/);
    expect(await refused('{ communes(search: "nantes", first: 1000) { totalCount } }')).toMatch(/first/);
    expect(await refused('{ commune(code: "44109") { structures(first: 101) { totalCount } } }')).toMatch(/first/);
    expect(await refused('{ communes(search: "nantes", after: "bm90LWEtY3Vyc29y") { totalCount } }')).toMatch(/cursor/);
    // A cursor from a previous page works.
    const next = await server().graphql(
      `{ communes(search: "saint", first: 5, after: "${encodeCursor(5)}") { nodes { code } pageInfo { endCursor } } }`,
    );
    expect(next.body.data.communes.nodes).toHaveLength(5);
    expect(next.body.data.communes.pageInfo.endCursor).toBe(encodeCursor(10));
  });

  it('reports every problem of a request at once', async () => {
    const message = await refused('{ commune(code: "1") { code } structures(filter: { department: "00" }) { totalCount } }');
    expect(message).toMatch(/commune code/);
    expect(message).toMatch(/department code/);
  });
});
