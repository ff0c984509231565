import { afterEach, describe, expect, it } from 'vitest';
import { sandboxWorld } from '../../sandbox/world.js';
import { getJson, useSandbox } from '../helpers/sandbox.js';
import { startServer, type TestServer } from '../helpers/server.js';

const sandbox = useSandbox();
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(env: Record<string, string> = {}): Promise<TestServer> {
  server = await startServer(sandbox(), env);
  return server;
}

const callerKey = () => sandbox().credentials.datagouvApiKey;
const world = () => sandboxWorld().datagouv;
const datagouvRequests = () => sandbox().controls.requests('datagouv');

/** A dataset of the caller's, created on the sandbox directly, with fields a careless PUT would wipe. */
async function callersDataset(): Promise<Record<string, any>> {
  const response = await fetch(`${sandbox().urls.datagouv}/api/1/datasets/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': callerKey() },
    body: JSON.stringify({
      title: 'Permanences emploi et insertion à Nantes',
      acronym: 'PEI',
      description: 'Lieux et horaires des permanences.',
      tags: ['insertion', 'emploi', 'nantes'],
      temporal_coverage: { start: '2024-01-01', end: '2025-12-31' },
      spatial: { zones: ['fr:commune:44109'], granularity: 'fr:commune' },
      extras: { 'sandbox:source': 'permanences' },
      frequency: 'weekly',
      license: 'odc-odbl',
      private: true,
    }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as Record<string, any>;
}

async function readAsCaller(id: string) {
  return (await getJson(`${sandbox().urls.datagouv}/api/1/datasets/${id}/`, { 'x-api-key': callerKey() })).body;
}

const UPDATE = 'mutation($id: ID!, $input: DatasetInput!) { updateDataset(id: $id, input: $input) { id title tags license frequency } }';

describe('updateDataset', () => {
  it('changes the title and keeps tags, temporal coverage and every other field (udata’s PUT erases what it is not sent)', async () => {
    const s = await serve();
    const before = await callersDataset();
    sandbox().controls.resetCounters();
    // By slug: the dataset is read by slug, and written under its id (a write never redirects).
    const { body } = await s.graphql(
      UPDATE,
      { id: before.slug, input: { title: 'Permanences emploi et insertion (Nantes)' } },
      { 'x-datagouv-api-key': callerKey() },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.updateDataset).toEqual({
      id: before.id,
      title: 'Permanences emploi et insertion (Nantes)',
      tags: ['insertion', 'emploi', 'nantes'],
      license: 'odc-odbl',
      frequency: 'weekly',
    });
    expect(datagouvRequests().map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /api/1/datasets/${before.slug}/`,
      `PUT /api/1/datasets/${before.id}/`,
    ]);
    for (const request of datagouvRequests()) expect(request.headerNames).toContain('x-api-key');
    const after = await readAsCaller(before.id);
    const { title: _t, slug: _s, last_modified: _m, internal: _i, uri: _u, page: _p, ...unchanged } = before;
    expect(after).toMatchObject(unchanged);
    expect(after.title).toBe('Permanences emploi et insertion (Nantes)');
  });

  it('fails on its id, with no PUT, for an unknown dataset and for someone else’s deleted one; 410 on the caller’s own deleted one', async () => {
    const s = await serve();
    const headers = { 'x-datagouv-api-key': callerKey() };
    const othersDeleted = world().datasets.find((d) => d.deleted && !d.private)!;
    for (const id of ['ffffffffffffffffffffffff', othersDeleted.id]) {
      sandbox().controls.resetCounters();
      const { body } = await s.graphql(UPDATE, { id, input: { title: 'Nouveau titre' } }, headers);
      expect(body.data).toBeNull();
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', source: 'datagouv', fields: { id: expect.any(Array) } });
      expect(datagouvRequests().map((r) => r.method)).toEqual(['GET']);
    }
    const mine = await callersDataset();
    await fetch(`${sandbox().urls.datagouv}/api/1/datasets/${mine.id}/`, { method: 'DELETE', headers: { 'x-api-key': callerKey() } });
    const { body } = await s.graphql(UPDATE, { id: mine.id, input: { title: 'Nouveau titre' } }, headers);
    expect(body.errors?.[0]).toMatchObject({
      message: 'This data.gouv.fr dataset has been deleted',
      extensions: { code: 'BAD_USER_INPUT', source: 'datagouv' },
    });
    expect((await readAsCaller(mine.id)).title).toBe(mine.title);
  });
});

describe('deleted objects (410)', () => {
  const deletedOrganization = () => world().organizations.find((o) => o.deleted)!;

  it('a deleted dataset and a deleted organization read as null, with no error', async () => {
    const s = await serve();
    const deleted = world().datasets.find((d) => d.deleted && !d.private)!;
    const { body } = await s.graphql(
      'query($id: ID!, $org: String!) { dataset(id: $id) { id } datasets(filter: { organization: $org }) { totalCount nodes { id } } }',
      { id: deleted.id, org: deletedOrganization().slug },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ dataset: null, datasets: { totalCount: 0, nodes: [] } });
    expect(datagouvRequests().map((r) => r.path)).toEqual([
      `/api/1/datasets/${deleted.id}/`,
      `/api/1/organizations/${deletedOrganization().slug}/`,
    ]);
  });

  it('six and more 410 look-ups in a row leave data.gouv.fr’s circuit closed', async () => {
    const s = await serve({ BREAKER_MIN_REQUESTS: '5', BREAKER_ERROR_PERCENT: '50' });
    const gone = [
      ...world()
        .datasets.filter((d) => d.deleted && !d.private)
        .map((d) => `dataset(id: "${d.id}") { id }`),
      `datasets(filter: { organization: "${deletedOrganization().slug}" }) { totalCount }`,
    ];
    expect(gone.length).toBeGreaterThanOrEqual(6);
    // One query each, one after the other: every look-up reaches data.gouv.fr.
    for (const field of gone) {
      const { body } = await s.graphql(`{ ${field} }`);
      expect(body.errors).toBeUndefined();
    }
    expect(sandbox().controls.count('datagouv')).toBe(gone.length);
    const live = world().datasets.find((d) => !d.deleted && !d.private)!;
    const { body } = await s.graphql('query($id: ID!) { dataset(id: $id) { id title } }', { id: live.id });
    expect(body.errors).toBeUndefined();
    expect(body.data.dataset).toEqual({ id: live.id, title: live.title });
    expect(s.connections.policies.datagouv.breakerState).toBe('closed');
  });
});

describe('the operator’s DATAGOUV_API_KEY', () => {
  it('is sent on no read: with an invalid one, public reads still succeed; writes carry the caller’s key', async () => {
    const s = await serve({ DATAGOUV_API_KEY: 'udata_revoked0000000000000000000000000000' });
    const live = world().datasets.find((d) => !d.deleted && !d.private && d.organizationId)!;
    const organization = world().organizationById.get(live.organizationId!)!;
    const { body } = await s.graphql(
      `query($id: ID!, $org: String!) {
        dataset(id: $id) { id discussions(first: 2) { totalCount } }
        datasets(filter: { commune: "44109", query: "budget" }, first: 2) { totalCount }
        byOrganization: datasets(filter: { organization: $org }, first: 1) { totalCount }
      }`,
      { id: live.id, org: organization.slug },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.dataset.id).toBe(live.id);
    expect(body.data.datasets.totalCount).toBeGreaterThan(0);
    expect(body.data.byOrganization.totalCount).toBeGreaterThan(0);
    const reads = datagouvRequests();
    expect(reads.map((r) => r.path)).toEqual(
      expect.arrayContaining([
        `/api/1/datasets/${live.id}/`,
        '/api/1/datasets/',
        '/api/1/discussions/',
        `/api/1/organizations/${organization.slug}/`,
      ]),
    );
    for (const read of reads) expect(read.headerNames).not.toContain('x-api-key');

    const mine = await callersDataset();
    sandbox().controls.resetCounters();
    const update = await s.graphql(UPDATE, { id: mine.id, input: { tags: ['emploi'] } }, { 'x-datagouv-api-key': callerKey() });
    expect(update.body.errors).toBeUndefined();
    expect(update.body.data.updateDataset.tags).toEqual(['emploi']);
    for (const write of datagouvRequests()) expect(write.headerNames).toContain('x-api-key');
  });
});
