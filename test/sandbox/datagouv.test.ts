import { describe, expect, it } from 'vitest';
import { sandboxWorld } from '../../sandbox/world.js';
import { getJson, useSandbox } from '../helpers/sandbox.js';

const sandbox = useSandbox();
const dg = (path: string, headers: Record<string, string> = {}) => getJson(`${sandbox().urls.datagouv}${path}`, headers);

async function write(method: 'POST' | 'PUT' | 'DELETE', path: string, body: unknown, key?: string, type = 'application/json') {
  const response = await fetch(`${sandbox().urls.datagouv}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': type }), ...(key ? { 'x-api-key': key } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as any };
}

/** A dataset of the sandbox user's, with every kind of field udata's form treats differently. */
async function richDataset(key: string, extra: Record<string, unknown> = {}) {
  const created = await write(
    'POST',
    '/api/1/datasets/',
    {
      title: 'Accompagnement vers l’emploi à Nantes',
      acronym: 'AVE',
      description: 'Structures et dispositifs d’accompagnement.',
      tags: ['insertion', 'emploi'],
      temporal_coverage: { start: '2023-01-01', end: '2024-12-31' },
      spatial: { zones: ['fr:commune:44109'], granularity: 'fr:commune' },
      extras: { 'sandbox:origin': 'test' },
      frequency: 'monthly',
      license: 'lov2',
      private: true,
      ...extra,
    },
    key,
  );
  expect(created.status).toBe(201);
  return created.body;
}

describe('data.gouv.fr simulator', () => {
  it('lists datasets in the pager envelope, filtered by geozone and by every word of q', async () => {
    const page = await dg('/api/1/datasets/?geozone=fr:commune:44109&q=budget&page_size=5');
    expect(page.status).toBe(200);
    expect(Object.keys(page.body).sort()).toEqual(['data', 'next_page', 'page', 'page_size', 'previous_page', 'total']);
    expect(page.body.total).toBeGreaterThan(0);
    for (const d of page.body.data) {
      expect(d.spatial.zones).toContain('fr:commune:44109');
      expect(d.title.toLowerCase()).toContain('budget');
      expect(d.organization).toMatchObject({ class: 'Organization', name: 'Ville de Nantes' });
      expect(d.resources.length).toBeGreaterThan(0);
    }
    const accents = await dg('/api/1/datasets/?q=equipements%20publics%20nantes');
    expect(accents.body.total).toBeGreaterThanOrEqual(0);
    const newestFirst = (await dg('/api/1/datasets/?page_size=20')).body.data.map((d: { created_at: string }) => d.created_at);
    expect([...newestFirst].sort().reverse()).toEqual(newestFirst);
  });

  it('answers 404 past the last page, 400 on bad paging, and 200 [] on an empty first page', async () => {
    const total = (await dg('/api/1/datasets/?geozone=fr:departement:44&page_size=1')).body.total;
    expect((await dg(`/api/1/datasets/?geozone=fr:departement:44&page_size=1&page=${total + 1}`)).status).toBe(404);
    const bad = await dg('/api/1/datasets/?page=0');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('Input payload validation failed');
    expect(bad.body.errors).toHaveProperty('page');
    expect((await dg('/api/1/datasets/?geozone=fr:commune:00000')).body).toMatchObject({ data: [], total: 0 });
    expect((await dg('/api/1/datasets/?organization=ville-de-nantes')).body).toEqual({ message: 'Organization arg must be an identifier' });
  });

  it('rejects an invalid key even on public reads, and ignores an empty one', async () => {
    const invalid = await dg('/api/1/datasets/', { 'x-api-key': 'udata_wrong' });
    expect(invalid.status).toBe(401);
    expect(invalid.body).toEqual({ message: 'Invalid API token' });
    expect((await dg('/api/1/datasets/?page_size=1', { 'x-api-key': '' })).status).toBe(200);
  });

  it('serves one dataset by id or slug, 410 when deleted, 308 for a former slug', async () => {
    const first = (await dg('/api/1/datasets/?page_size=1')).body.data[0];
    expect((await dg(`/api/1/datasets/${first.id}/`)).body.id).toBe(first.id);
    expect((await dg(`/api/1/datasets/${first.slug}/`)).body.id).toBe(first.id);
    const v2 = await dg(`/api/2/datasets/${first.id}/`);
    expect(v2.body.resources).toMatchObject({ rel: 'subsection', type: 'GET', total: first.resources.length });
    expect((await dg('/api/1/datasets/marvin/')).body.message).toMatch(/^The requested URL was not found on the server/);
    const resource = await fetch(`${sandbox().urls.datagouv}/api/1/datasets/r/${first.resources[0].id}`, { redirect: 'manual' });
    expect(resource.status).toBe(302);
    expect(resource.headers.get('location')).toBe(first.resources[0].url);
    expect((await dg(`/api/1/datasets/${first.id}/resources/`)).status).toBe(404);
  });

  it('serves v2 lists with empty pages, the search window limit, suggestions, users and a discussion', async () => {
    expect((await dg('/api/2/datasets/?page=500&page_size=20')).body).toMatchObject({ data: [], page: 500 });
    expect((await dg('/api/2/datasets/search/?page=600&page_size=20')).status).toBe(400);
    const search = await dg('/api/2/datasets/search/?q=insertion&page_size=3');
    expect(search.body).toHaveProperty('facets');
    expect(search.body.data[0].resources).toMatchObject({ rel: 'subsection' });
    const resources = await dg(`/api/2/datasets/${search.body.data[0].id}/resources/`);
    expect(resources.body.total).toBe(search.body.data[0].resources.total);
    expect((await dg('/api/1/datasets/suggest/?q=budget&size=3')).body).toHaveLength(3);
    expect((await dg('/api/1/organizations/suggest/?q=nantes')).body[0].name).toMatch(/Nantes/);
    expect((await dg('/api/1/users/')).status).toBe(401);
    expect((await dg('/api/1/me/', { 'x-api-key': sandbox().credentials.datagouvApiKey })).body.class).toBe('User');
    const some = (await dg('/api/1/discussions/?page_size=1')).body.data[0];
    expect((await dg(`/api/1/discussions/${some.id}/`)).body).toEqual(some);
  });

  it('resolves spatial zones and lists discussions for a dataset', async () => {
    const zones = await dg('/api/1/spatial/zones/fr:commune:44109,country:fr/');
    expect(zones.body.features.map((f: { properties: { name: string } }) => f.properties.name)).toEqual(['Nantes', 'France']);
    expect(zones.body.features[0].geometry).toEqual({ type: null, coordinates: null });
    const discussions = await dg('/api/1/discussions/?page_size=50');
    expect(discussions.body.total).toBeGreaterThan(0);
    const subject = discussions.body.data[0].subject.id;
    const forOne = await dg(`/api/1/discussions/?for=${subject}`);
    expect(forOne.body.data.every((d: { subject: { id: string } }) => d.subject.id === subject)).toBe(true);
  });

  it('creates and updates datasets with the caller’s key, validating fields', async () => {
    const key = sandbox().credentials.datagouvApiKey;
    expect((await write('POST', '/api/1/datasets/', { title: 'x' })).status).toBe(401);
    const invalid = await write('POST', '/api/1/datasets/', { title: '', frequency: 'sometimes' }, key);
    expect(invalid.status).toBe(400);
    expect(Object.keys(invalid.body.errors).sort()).toEqual(['description', 'frequency', 'title']);
    const created = await write(
      'POST',
      '/api/1/datasets/',
      { title: 'Offre d’insertion à Nantes', description: 'Structures et services.', tags: ['insertion'], frequency: 'weekly' },
      key,
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      title: 'Offre d’insertion à Nantes',
      frequency: 'weekly',
      tags: ['insertion'],
      owner: { class: 'User' },
    });
    expect(created.body.id).toMatch(/^[0-9a-f]{24}$/);
    const updated = await write('PUT', `/api/1/datasets/${created.body.id}/`, { tags: ['insertion', 'nantes'] }, key);
    expect(updated.body.tags).toEqual(['insertion', 'nantes']);
    expect((await dg(`/api/1/datasets/${created.body.id}/`)).body.tags).toEqual(['insertion', 'nantes']);
    const someoneElses = (await dg('/api/1/datasets/?geozone=fr:commune:44109&page_size=1')).body.data[0].id;
    expect((await write('PUT', `/api/1/datasets/${someoneElses}/`, { tags: ['x1'] }, key)).status).toBe(403);
    sandbox().reset();
    expect((await dg(`/api/1/datasets/${created.body.id}/`)).status).toBe(404);
  });

  it('PUT replaces as udata’s form does: absent tags and coverage are wiped, the rest kept, read-only keys and id ignored', async () => {
    const key = sandbox().credentials.datagouvApiKey;
    const before = await richDataset(key);
    const put = await write(
      'PUT',
      `/api/1/datasets/${before.id}/`,
      { title: 'Accompagnement vers l’emploi (Nantes)', id: 'ffffffffffffffffffffffff', metrics: { views: 999 } },
      key,
    );
    expect(put.status).toBe(200);
    const after = (await dg(`/api/1/datasets/${before.id}/`, { 'x-api-key': key })).body;
    expect(after).toMatchObject({
      id: before.id,
      title: 'Accompagnement vers l’emploi (Nantes)',
      tags: [],
      temporal_coverage: null,
      acronym: 'AVE',
      description: before.description,
      private: true,
      extras: before.extras,
      spatial: before.spatial,
      frequency: 'monthly',
      license: 'lov2',
      metrics: before.metrics,
    });
    // The former slug answers 308 to the new one.
    const moved = await dg(`/api/1/datasets/${before.slug}/`, { 'x-api-key': key });
    expect(moved.status).toBe(308);
    // The whole object sent back changes nothing but what it changes.
    const whole = await write('PUT', `/api/1/datasets/${before.id}/`, { ...after, tags: ['insertion'], private: null }, key);
    expect(whole.body).toMatchObject({ tags: ['insertion'], private: false, acronym: 'AVE', spatial: before.spatial });
  });

  it('PUT wants JSON: 415 for another type, 400 when the type does not name application/json, POST 400', async () => {
    const key = sandbox().credentials.datagouvApiKey;
    const { id } = await richDataset(key);
    expect(await write('PUT', `/api/1/datasets/${id}/`, { title: 'Autre titre' }, key, 'text/plain')).toMatchObject({ status: 415 });
    expect(await write('PUT', `/api/1/datasets/${id}/`, { title: 'Autre titre' }, key, 'application/merge-patch+json')).toEqual({
      status: 400,
      body: { errors: { 'Content-Type': 'expecting application/json' } },
    });
    expect(await write('POST', '/api/1/datasets/', { title: 'x' }, key, 'multipart/form-data')).toEqual({
      status: 400,
      body: { errors: { 'Content-Type': 'expecting application/json' } },
    });
    expect((await write('PUT', `/api/1/datasets/${id}/`, { tags: ['ok-tag', 'x'] }, key)).body).toEqual({
      errors: { tags: ['Tag "x" must be between 3 and 96 characters long.'] },
    });
  });

  it('deleted datasets: 410 for others, 200 for the owner, PUT 410 unless it says "deleted": null; deleted and private is 404', async () => {
    const key = sandbox().credentials.datagouvApiKey;
    const mine = await richDataset(key, { private: false });
    expect((await write('DELETE', `/api/1/datasets/${mine.id}/`, undefined, key)).status).toBe(204);
    expect(await dg(`/api/1/datasets/${mine.id}/`)).toMatchObject({ status: 410, body: { message: 'Dataset has been deleted' } });
    const owned = await dg(`/api/1/datasets/${mine.id}/`, { 'x-api-key': key });
    expect(owned.status).toBe(200);
    expect(owned.body.deleted).toEqual(expect.any(String));
    expect((await write('PUT', `/api/1/datasets/${mine.id}/`, owned.body, key)).status).toBe(410);
    expect((await write('DELETE', `/api/1/datasets/${mine.id}/`, undefined, key)).status).toBe(410);
    const restored = await write('PUT', `/api/1/datasets/${mine.id}/`, { ...owned.body, deleted: null }, key);
    expect(restored).toMatchObject({ status: 200, body: { deleted: null, tags: mine.tags } });
    expect((await dg(`/api/1/datasets/${mine.id}/`)).status).toBe(200);

    const world = sandboxWorld().datagouv;
    const deleted = world.datasets.filter((d) => d.deleted && !d.private);
    expect(deleted.length).toBeGreaterThanOrEqual(6);
    for (const d of deleted) expect((await dg(`/api/1/datasets/${d.id}/`)).status).toBe(410);
    const hidden = world.datasets.find((d) => d.deleted && d.private)!;
    expect((await dg(`/api/1/datasets/${hidden.id}/`)).status).toBe(404);
    expect((await dg(`/api/1/datasets/${hidden.id}/`, { 'x-api-key': key })).status).toBe(404);
    expect((await dg(`/api/1/datasets/?tag=archives&page_size=50`)).body.total).toBe(0);
  });

  it('a deleted organization answers 410 and is left out of the lists; unknown paths answer Flask’s 404', async () => {
    const org = sandboxWorld().datagouv.organizations.find((o) => o.deleted)!;
    for (const key of [org.id, org.slug]) {
      expect(await dg(`/api/1/organizations/${key}/`)).toMatchObject({ status: 410, body: { message: 'Organization has been deleted' } });
    }
    const listed = await dg(`/api/1/organizations/?q=${encodeURIComponent('val de loire dissous')}`);
    expect(listed.body.total).toBe(0);
    const missing = await dg('/api/1/datasets/marvin/');
    expect(missing.status).toBe(404);
    expect(Object.keys(missing.body)).toEqual(['message']);
    expect(missing.body.message).toMatch(
      /^The requested URL was not found on the server\. .* You have requested this URI \[\/api\/1\/datasets\/marvin\/\] but did you mean \/api\/1\/\S+( or \/api\/1\/\S+)* \?$/,
    );
  });
});
