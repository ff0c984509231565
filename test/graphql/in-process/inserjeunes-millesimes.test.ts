import { describe, expect, it } from 'vitest';
import { sandboxWorld } from '../../../sandbox/world.js';
import { useSandbox } from '../../helpers/sandbox.js';
import { useInProcess } from '../../helpers/operation.js';

/*
 * Millésimes as the caller gives them, turned into the form each InserJeunes route takes
 * (national `2024`, regional `2023_2024`), the 404 that lists the millésimes a certification
 * has, and the 400 whose `details` say what upstream refused.
 */

const sandbox = useSandbox();
const server = useInProcess(sandbox);
const world = () => sandboxWorld().inserJeunes;
/** A BAC PRO that closed in 2022: figures up to the 2022 millésime (2021_2022 in regions). */
const CLOSED = '40031212';

const FORMATION = `query ($code: ID!, $region: String, $millesime: String) {
  formation(code: $code, region: $region, millesime: $millesime) { code millesime finalYearStudents employmentRate6Months region { code } }
}`;

/** InserJeunes data calls since the last reset (the gateway's token requests aside). */
const dataCalls = () =>
  sandbox()
    .controls.requests('inserjeunes')
    .filter((r) => r.method === 'GET');
const nationalRow = (code: string, millesime: string) =>
  world().national.find((r) => r.code_certification === code && r.millesime === millesime)!;
const regionalRow = (region: string, code: string, millesime: string) =>
  world().regional.find((r) => r.region!.code === region && r.code_certification === code && r.millesime === millesime)!;

describe('InserJeunes millésimes', () => {
  it('national figures asked by period answer for the year the period ends', async () => {
    const { body } = await server().graphql(FORMATION, { code: '40025214', millesime: '2022_2023' });
    expect(body.errors).toBeUndefined();
    expect(body.data.formation).toMatchObject({
      millesime: '2023',
      finalYearStudents: nationalRow('40025214', '2023').stats.nb_annee_term,
    });
    expect(dataCalls().map((r) => r.query)).toEqual(['millesime=2023']);
  });

  it('regional figures asked by year answer for the period ending that year', async () => {
    const { body } = await server().graphql(FORMATION, { code: '40025214', region: '52', millesime: '2022' });
    expect(body.errors).toBeUndefined();
    expect(body.data.formation).toMatchObject({
      millesime: '2021_2022',
      region: { code: '52' },
      finalYearStudents: regionalRow('52', '40025214', '2021_2022').stats.nb_annee_term,
    });
    expect(dataCalls().map((r) => r.query)).toEqual(['millesime=2021_2022']);
  });

  it('establishment figures take either form', async () => {
    const query = `query ($m: String) { formations(filter: { codes: ["40025214"], region: "52", millesime: $m }, first: 50) { totalCount nodes { millesime } } }`;
    const byYear = await server().graphql(query, { m: '2022' });
    const byPeriod = await server().graphql(query, { m: '2021_2022' });
    expect(byYear.body.errors).toBeUndefined();
    expect(byYear.body.data.formations.totalCount).toBeGreaterThan(0);
    expect(byYear.body.data.formations).toEqual(byPeriod.body.data.formations);
    for (const node of byYear.body.data.formations.nodes) expect(node.millesime).toBe('2021_2022');
  });

  it('refuses a millésime that names no school year, before any call', async () => {
    const { body } = await server().graphql(FORMATION, { code: '40025214', region: '52', millesime: '2019_2024' });
    expect(body.data.formation).toBeNull();
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(body.errors![0]!.message).toMatch(/2019_2024/);
    expect(sandbox().controls.count('inserjeunes')).toBe(0);
  });
});

describe('InserJeunes "Pas de données pour le millésime"', () => {
  it('without a millésime, answers the newest millésime upstream lists', async () => {
    const national = await server().graphql(FORMATION, { code: CLOSED });
    expect(national.body.errors).toBeUndefined();
    expect(national.body.data.formation).toMatchObject({
      code: CLOSED,
      millesime: '2022',
      finalYearStudents: nationalRow(CLOSED, '2022').stats.nb_annee_term,
    });
    expect(dataCalls().map((r) => r.query)).toEqual(['', 'millesime=2022']);

    const regional = await server().graphql(FORMATION, { code: CLOSED, region: '11' });
    expect(regional.body.errors).toBeUndefined();
    expect(regional.body.data.formation).toMatchObject({
      millesime: '2021_2022',
      finalYearStudents: regionalRow('11', CLOSED, '2021_2022').stats.nb_annee_term,
    });
  });

  it('with a millésime, stays null, without an error and without another call', async () => {
    const { body } = await server().graphql(FORMATION, { code: CLOSED, millesime: '2024' });
    expect(body.errors).toBeUndefined();
    expect(body.data.formation).toBeNull();
    expect(dataCalls()).toHaveLength(1);
  });

  it('stays null for a certification that is not there at all', async () => {
    const { body } = await server().graphql(FORMATION, { code: CLOSED, region: '94' });
    expect(body.errors).toBeUndefined();
    expect(body.data.formation).toBeNull();
    expect(dataCalls()).toHaveLength(1);
  });
});

describe('InserJeunes 400', () => {
  it('says InserJeunes refused, leaving its `details` out of a read’s answer', async () => {
    sandbox().controls.addFault({ source: 'inserjeunes', kind: 'status', status: 400, path: '/certifications/' });
    const { body } = await server().graphql(FORMATION, { code: '40025213' });
    expect(body.data.formation).toBeNull();
    expect(body.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', source: 'inserjeunes' });
    expect(body.errors![0]!.message).toBe('inserjeunes refused the request (HTTP 400)');
  });
});
