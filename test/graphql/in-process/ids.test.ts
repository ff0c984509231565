import { describe, expect, it } from 'vitest';
import { sandboxWorld } from '../../../sandbox/world.js';
import { pathOf } from '../../../src/policies/path.js';
import { useSandbox } from '../../helpers/sandbox.js';
import { useInProcess } from '../../helpers/operation.js';

const sandbox = useSandbox();
const server = useInProcess(sandbox);

/**
 * A request refused with BAD_USER_INPUT naming the argument, before any upstream request: the
 * sandbox's request log stays empty (`.` and `..` used to collapse into another route, with the
 * credential of the route they were meant for).
 */
async function refusedBeforeAnyCall(query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  sandbox().controls.resetCounters();
  const { status, body } = await server().graphql(query, variables, headers);
  expect(body.data ?? undefined).toBeUndefined();
  expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(status).toBe(400);
  expect(sandbox().controls.requests()).toEqual([]);
  return body.errors![0]!.message;
}

describe('ids that could change an upstream route are refused before any call', () => {
  it.each(['..', '.', 'dora--x/../..', 'dora--x?size=1', '/api/v1/structures', 'dora--', '--x', ''])('structure(id: %j)', async (id) => {
    expect(await refusedBeforeAnyCall('query($id: ID) { structure(id: $id) { id } }', { id })).toMatch(/structure\(id:\)/);
  });

  it.each(['..', '.', 'x/..', 'soliguide--1#x'])('service(id: %j)', async (id) => {
    expect(await refusedBeforeAnyCall('query($id: ID!) { service(id: $id) { id } }', { id })).toMatch(/service\(id:\)/);
  });

  it.each(['..', '.', '../organizations', 'Dataset?x=1', 'a b', ''])('dataset(id: %j)', async (id) => {
    expect(await refusedBeforeAnyCall('query($id: ID!) { dataset(id: $id) { id } }', { id })).toMatch(/dataset\(id:\)/);
  });

  it.each(['..', '.', '../../../datasets'])('updateDataset(id: %j), with the caller’s key', async (id) => {
    const message = await refusedBeforeAnyCall(
      'mutation($id: ID!) { updateDataset(id: $id, input: { title: "x" }) { id } }',
      { id },
      { 'x-datagouv-api-key': sandbox().credentials.datagouvApiKey },
    );
    expect(message).toMatch(/updateDataset\(id:\)/);
  });

  it('datasets(filter: { organization: ".." })', async () => {
    const message = await refusedBeforeAnyCall('query($org: String!) { datasets(filter: { organization: $org }) { totalCount } }', {
      org: '..',
    });
    expect(message).toMatch(/DatasetFilter\.organization/);
  });

  it('still reads well-formed ids, including data·inclusion ids with a colon and data.gouv slugs', async () => {
    const special = sandboxWorld().dataInclusion.structures.find((r) => r.structure.id.includes(':'))!.structure.id;
    const dataset = sandboxWorld().datagouv.datasets.find((d) => !d.deleted && !d.private)!;
    sandbox().controls.resetCounters();
    const { body } = await server().graphql(
      'query($s: ID!, $d: ID!, $slug: ID!) { structure(id: $s) { id } byId: dataset(id: $d) { id } bySlug: dataset(id: $slug) { id } }',
      { s: special, d: dataset.id, slug: dataset.slug },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ structure: { id: special }, byId: { id: dataset.id }, bySlug: { id: dataset.id } });
    expect(
      sandbox()
        .controls.requests('data-inclusion')
        .map((r) => r.path),
    ).toEqual([`/api/v1/structures/${encodeURIComponent(special)}`]);
  });
});

describe('pathOf', () => {
  it('percent-encodes each segment whole, so that no value adds, climbs or leaves a segment', () => {
    expect(pathOf('api', 'v1', 'structures', 'dora--AidantsConnect:2024-47BXY')).toBe(
      '/api/v1/structures/dora--AidantsConnect%3A2024-47BXY',
    );
    expect(pathOf('api', 'x', 'a/../b?c=1#d')).toBe('/api/x/a%2F..%2Fb%3Fc%3D1%23d');
    expect(pathOf('donnees', 'geo-SEXE@POP', 'COM-44109.all')).toBe('/donnees/geo-SEXE@POP/COM-44109.all');
    expect(pathOf('api', 'siae', 42)).toBe('/api/siae/42');
  });

  it.each(['.', '..', ''])('refuses the segment %j', (segment) => {
    expect(() => pathOf('api', '1', 'datasets', segment)).toThrow(/would change the route/);
  });
});
