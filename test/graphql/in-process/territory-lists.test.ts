import { describe, expect, it } from 'vitest';
import { geography } from '../../../src/geography/index.js';
import { useSandbox } from '../../helpers/sandbox.js';
import { useInProcess } from '../../helpers/operation.js';

const sandbox = useSandbox();
const server = useInProcess(sandbox);

/*
 * The geography's own lists (regions, departments, EPCI), paged like every list: what the OData
 * feed's small entity sets read, without an upstream call.
 */
describe('regions, departments and EPCI as lists', () => {
  it('pages the regions and a region’s departments, from the embedded geography only', async () => {
    sandbox().controls.resetCounters();
    const { body } = await server().graphql(
      `{ regions(first: 2) { totalCount pageInfo { hasNextPage } nodes { code } }
         departments(region: "52", first: 100) { totalCount nodes { code name } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.regions).toEqual({
      totalCount: geography().regions.length,
      pageInfo: { hasNextPage: true },
      nodes: [{ code: '01' }, { code: '02' }],
    });
    expect(body.data.departments.nodes.map((d: { code: string }) => d.code)).toEqual(['44', '49', '53', '72', '85']);
    expect(sandbox().controls.count()).toBe(0);
  });

  it('lists the EPCI with a member in a department, and reads one by its SIREN', async () => {
    const { body } = await server().graphql(
      `{ epcis(department: "44", first: 20) { totalCount nodes { code members { department { code } } } } epci(code: "244400404") { name } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.epci.name).toMatch(/Nantes/);
    expect(body.data.epcis.totalCount).toBeGreaterThan(10);
    for (const epci of body.data.epcis.nodes) expect(epci.members.some((m: any) => m.department.code === '44')).toBe(true);
  });

  it('refuses a malformed code before reading anything', async () => {
    const { status, body } = await server().graphql('{ departments(region: "5") { totalCount } epci(code: "12") { name } }');
    expect(status).toBe(400);
    expect(body.errors![0]!.message).toMatch(/region code|EPCI code/);
  });
});
