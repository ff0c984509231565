import { describe, expect, it } from 'vitest';
import { geography } from '../../../src/geography/index.js';
import type { StructureRecord } from '../../../sandbox/data-inclusion/world.js';
import { sandboxWorld } from '../../../sandbox/world.js';
import { getJson, useSandbox } from '../../helpers/sandbox.js';
import { useInProcess } from '../../helpers/operation.js';

const sandbox = useSandbox();
const server = useInProcess(sandbox);

const di = async (path: string) =>
  (await getJson(`${sandbox().urls['data-inclusion']}${path}`, { authorization: `Bearer ${sandbox().credentials.dataInclusionToken}` }))
    .body;

const departmentOf = (code: string | null) => (code ? geography().commune(code)?.departmentCode : undefined);

/** A structure with a remote service without address and a service held in another department. */
function structureWithServicesElsewhere(): StructureRecord {
  return sandboxWorld().dataInclusion.structures.find(
    (r) =>
      !r.cluster &&
      r.services.some((s) => s.code_insee === null) &&
      r.services.some((s) => s.code_insee !== null && departmentOf(s.code_insee) !== departmentOf(r.structure.code_insee)),
  )!;
}

/** A commune where a structure and its duplicate (the same place, from another source) are both listed. */
function communeWithDuplicates(): string {
  const record = sandboxWorld().dataInclusion.structures.find((r) => r.cluster && r.cluster !== r.structure.id)!;
  return record.structure.code_insee!;
}

describe('Structure.services', () => {
  it('holds every service of a listed structure, those addressed in another department and remote ones without address included', async () => {
    const record = structureWithServicesElsewhere();
    const { body } = await server().graphql(
      `query ($commune: String!) {
        structures(filter: { commune: $commune, sources: [DATA_INCLUSION] }, first: 40) {
          nodes { id services(first: 10) { totalCount nodes { id address { communeCode } } } }
        }
      }`,
      { commune: record.structure.code_insee },
    );
    expect(body.errors).toBeUndefined();
    const node = body.data.structures.nodes.find((n: { id: string }) => n.id === record.structure.id);
    expect(node.services.totalCount).toBe(record.services.length);
    expect(node.services.nodes.map((s: { id: string }) => s.id).sort()).toEqual(record.services.map((s) => s.id).sort());
    const elsewhere = node.services.nodes.filter(
      (s: { address: { communeCode: string | null } | null }) =>
        !s.address?.communeCode || departmentOf(s.address.communeCode) !== departmentOf(record.structure.code_insee),
    );
    expect(elsewhere.length).toBeGreaterThanOrEqual(2);
    // Read from each structure's detail (one call per structure), never from a territory's service list.
    const paths = Object.keys(sandbox().controls.counters().bySource['data-inclusion'].byPath);
    expect(paths).not.toContain('GET /api/v1/services');
    expect(paths).toContain(`GET /api/v1/structures/${encodeURIComponent(record.structure.id)}`);
  });
});

describe('overseas collectivities, which data·inclusion does not cover', () => {
  it('answer empty structure and service lists without calling data·inclusion', async () => {
    const { body } = await server().graphql(`{
      byDepartment: structures(filter: { department: "975", sources: [DATA_INCLUSION] }) { totalCount nodes { id } }
      byRegion: structures(filter: { region: "988", sources: [DATA_INCLUSION] }) { totalCount }
      byCommune: structures(filter: { commune: "97502", sources: [DATA_INCLUSION] }) { totalCount }
      servicesOfDepartment: services(filter: { department: "978" }) { totalCount nodes { id } }
      servicesNear: services(filter: { commune: "97701" }) { totalCount }
      commune(code: "98735") { structures(sources: [DATA_INCLUSION]) { totalCount } services { totalCount } }
    }`);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({
      byDepartment: { totalCount: 0, nodes: [] },
      byRegion: { totalCount: 0 },
      byCommune: { totalCount: 0 },
      servicesOfDepartment: { totalCount: 0, nodes: [] },
      servicesNear: { totalCount: 0 },
      commune: { structures: { totalCount: 0 }, services: { totalCount: 0 } },
    });
    expect(sandbox().controls.count('data-inclusion')).toBe(0);
  });

  it('still list the Marché’s SIAE there, and find one by SIRET', async () => {
    const siae = sandboxWorld().marche.siaes.find((s) => s.department === '988' && s.kind !== 'OPCS')!;
    const { body } = await server().graphql(
      `query ($siret: String!) {
        structures(filter: { department: "988" }) { totalCount nodes { id sources } }
        structure(siret: $siret) { id sources }
      }`,
      { siret: siae.siret },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.structures.totalCount).toBeGreaterThan(0);
    for (const node of body.data.structures.nodes) expect(node.sources).toEqual(['MARCHE']);
    expect(body.data.structure).toEqual({ id: `marche--${siae.id}`, sources: ['MARCHE'] });
    expect(sandbox().controls.count('data-inclusion')).toBe(0);
  });
});

describe('duplicates (the same place published by several sources)', () => {
  it('are listed once per cluster, as data·inclusion’s exclure_doublons selects them', async () => {
    const commune = communeWithDuplicates();
    const { body } = await server().graphql(
      `query ($commune: String!) { structures(filter: { commune: $commune, sources: [DATA_INCLUSION] }, first: 100) { nodes { id } } }`,
      { commune },
    );
    expect(body.errors).toBeUndefined();
    const deduplicated = await di(`/api/v1/structures?code_commune=${commune}&exclure_doublons=true`);
    const all = await di(`/api/v1/structures?code_commune=${commune}`);
    expect(all.total).toBeGreaterThan(deduplicated.total);
    expect(body.data.structures.nodes.map((n: { id: string }) => n.id)).toEqual(deduplicated.items.map((s: { id: string }) => s.id));
  });

  it('leave only the best structure’s services in a search around a commune', async () => {
    const commune = communeWithDuplicates();
    const { body } = await server().graphql(
      `query ($commune: String!) { services(filter: { commune: $commune }, first: 100) { totalCount nodes { id } } }`,
      { commune },
    );
    expect(body.errors).toBeUndefined();
    const deduplicated = await di(`/api/v1/search/services?code_commune=${commune}&exclure_doublons=true&size=100`);
    const all = await di(`/api/v1/search/services?code_commune=${commune}&size=1`);
    expect(all.total).toBeGreaterThan(deduplicated.total);
    expect(body.data.services.totalCount).toBe(deduplicated.total);
    expect(body.data.services.nodes.map((n: { id: string }) => n.id)).toEqual(
      deduplicated.items.map((r: { service: { id: string } }) => r.service.id),
    );
  });
});

// A read: the upstream's own words (its validation array, a hand-raised detail) stay out of the
// answer, which says only who refused and the status (test/graphql/in-process/upstream-refusals.test.ts).
describe('data·inclusion refusing a request (422)', () => {
  it('answers that data·inclusion refused, without its validation array’s messages nor fields', async () => {
    sandbox().controls.addFault({ source: 'data-inclusion', kind: 'status', status: 422, path: '^/api/v1/search/services' });
    const { body } = await server().graphql(`{ services(filter: { commune: "44109" }) { totalCount } }`);
    expect(body.data.services.totalCount).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', source: 'data-inclusion' });
    expect(body.errors![0]!.message).toBe('data-inclusion refused the request (HTTP 422)');
  });

  it('leaves a hand-raised string detail out of the error too', async () => {
    // Well formed, unknown to the API's commune table.
    const { body } = await server().graphql(`{ services(filter: { commune: "44999" }) { totalCount } }`);
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', source: 'data-inclusion' });
    expect(body.errors![0]!.message).toBe('data-inclusion refused the request (HTTP 422)');
  });
});
