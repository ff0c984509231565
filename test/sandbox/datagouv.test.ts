import { describe, expect, it } from 'vitest';
import { getJson, useSandbox } from '../helpers/sandbox.js';

const sandbox = useSandbox();
const dg = (path: string, headers: Record<string, string> = {}) => getJson(`${sandbox().urls.datagouv}${path}`, headers);

async function write(method: 'POST' | 'PUT', path: string, body: unknown, key?: string) {
  const response = await fetch(`${sandbox().urls.datagouv}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
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
});
