import { describe, expect, it } from 'vitest';
import { isValidSiret } from '../../src/identifiers/index.js';
import { createLemarcheLoaders } from '../../src/sources/lemarche/loaders.js';
import { connectionsFor } from '../helpers/connections.js';
import { getJson, useSandbox } from '../helpers/sandbox.js';

const sandbox = useSandbox();
const marche = (path: string, headers: Record<string, string> = { authorization: `Bearer ${sandbox().credentials.lemarcheToken}` }) =>
  getJson(`${sandbox().urls.lemarche}${path}`, headers);

describe('Marché de l’inclusion simulator', () => {
  it('checks the bearer key like the real service, in French unless asked otherwise', async () => {
    const none = await marche('/api/siae/', {});
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ detail: "Informations d'authentification non fournies." });
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="api"');
    expect((await marche('/api/siae/', { 'accept-language': 'en' })).body.detail).toBe('Authentication credentials were not provided.');
    expect((await marche('/api/siae/', { authorization: 'Bearer short' })).body.detail).toBe(
      'Token too short. Possible security issue detected.',
    );
    expect((await marche('/api/siae/', { authorization: `Bearer ${'x'.repeat(63)}-` })).body.detail).toBe(
      'Token contains invalid characters. Possible security issue detected.',
    );
    expect((await marche('/api/siae/', { authorization: `Bearer ${'a'.repeat(64)}` })).body.detail).toBe('Invalid or expired token');
    // Autocomplete is open.
    const open = await marche('/api/perimeters/autocomplete/?q=nantes', {});
    expect(open.status).toBe(200);
    expect(open.body[0]).toMatchObject({ name: 'Nantes', kind: 'CITY', insee_code: '44109', department_code: '44' });
  });

  it('pages with limit/offset and absolute next links; bad values fall back silently', async () => {
    const first = await marche('/api/siae/?department=44&limit=5');
    expect(first.status).toBe(200);
    expect(first.body.results).toHaveLength(5);
    expect(first.body.previous).toBeNull();
    expect(new URL(first.body.next).searchParams.get('offset')).toBe('5');
    const names = first.body.results.map((s: { name: string }) => s.name);
    expect([...names].sort()).toEqual(names);
    for (const s of first.body.results) expect(s.department).toBe('44');
    const fallback = await marche('/api/siae/?limit=0&offset=-3');
    expect(fallback.body.results).toHaveLength(100);
    const kinds = await marche('/api/siae/kinds/');
    expect(kinds.body.count).toBe(10);
    const sectors = await marche('/api/sectors/');
    expect(sectors.body.count).toBeGreaterThan(100);
    expect(sectors.body.next).not.toBeNull();
  });

  it('filters with repeated keys and rejects unknown choices with a field-keyed 400', async () => {
    const two = await marche('/api/siae/?kind=EI&kind=ACI&limit=500');
    expect(new Set(two.body.results.map((s: { kind: string }) => s.kind))).toEqual(new Set(['EI', 'ACI']));
    const bad = await marche('/api/siae/?kind=NOPE');
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body)).toEqual(['kind']);
    // OPCS structures never appear.
    const all = await marche('/api/siae/?limit=100000');
    expect(all.body.results.some((s: { kind: string }) => s.kind === 'OPCS')).toBe(false);
  });

  it('looks SIAE up by SIRET as an array, with plain-text 400s on bad lengths', async () => {
    const list = await marche('/api/siae/?limit=100000');
    const counts = new Map<string, number>();
    for (const s of list.body.results) counts.set(s.siret, (counts.get(s.siret) ?? 0) + 1);
    const shared = [...counts.entries()].find(([, n]) => n > 1)![0];
    const found = await marche(`/api/siae/siret/${shared}/`);
    expect(found.body.length).toBeGreaterThan(1);
    expect(isValidSiret(shared)).toBe(true);
    expect((await marche('/api/siae/siret/00000000000000/')).body).toEqual([]);
    const short = await marche('/api/siae/siret/123/');
    expect(short.status).toBe(400);
    expect(short.headers.get('content-type')).toMatch(/^text\/html/);
    expect(short.body).toBe('siret must be 14 caracters long');
    expect((await marche(`/api/siae/siren/${shared.slice(0, 9)}/`)).body.length).toBeGreaterThan(0);
  });

  it('redirects a missing trailing slash (301) and the legacy plural path', async () => {
    const noSlash = await marche('/api/siae?department=44');
    expect(noSlash.status).toBe(301);
    expect(noSlash.headers.get('location')).toBe('/api/siae/?department=44');
    const legacy = await marche('/api/siaes/siret/12345678901234/');
    expect(legacy.status).toBe(301);
    expect(legacy.headers.get('location')).toBe('/api/siae/siret/12345678901234/');
    expect((await marche('/api/siae/very_wrong/')).body).toEqual({ detail: 'Non trouvé.' });
    expect((await marche('/api/siae/99999999/')).status).toBe(404);
  });

  it('creates tenders after validating them, and answers the undocumented inclusive potential', async () => {
    const post = (body: unknown) =>
      fetch(`${sandbox().urls.lemarche}/api/tenders/`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sandbox().credentials.lemarcheToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const invalid = await post({ kind: 'NOPE' });
    expect(invalid.status).toBe(400);
    expect(Object.keys((await invalid.json()) as object)).toEqual(expect.arrayContaining(['title', 'kind', 'sectors', 'location']));
    const created = await post({
      kind: 'QUOTE',
      title: 'Nettoyage de locaux',
      description: 'Deux sites',
      sectors: ['nettoyage-de-locaux'],
      location: 'nantes-44',
      deadline_date: '2027-01-31',
      contact_first_name: 'Ana',
      contact_last_name: 'Lopez',
      contact_email: 'ana@example.org',
      amount: '5-10K',
    });
    expect(created.status).toBe(201);
    expect(((await created.json()) as { slug: string }).slug).toMatch(/^nettoyage-de-locaux-/);
    const potential = await marche('/api/inclusive-potential/?sector=nettoyage-de-locaux&perimeter=loire-atlantique');
    expect(potential.body).toMatchObject({ sector_slug: 'nettoyage-de-locaux', perimeter: 'Loire-Atlantique' });
    expect(potential.body.local_siaes).toBeLessThanOrEqual(potential.body.potential_siaes);
    expect((await marche('/api/inclusive-potential/?sector=nope')).status).toBe(400);
    expect((await marche('/api/siae.json?limit=1')).body.results).toHaveLength(1);
  });

  it('shares SIRETs with data·inclusion structures, and types addresses as free text', async () => {
    const list = await marche('/api/siae/?limit=100000');
    const inclusion = await getJson(`${sandbox().urls['data-inclusion']}/api/v1/structures?size=10000&reseaux_porteurs=aci`, {
      authorization: `Bearer ${sandbox().credentials.dataInclusionToken}`,
    });
    const marcheSirets = new Set(list.body.results.map((s: { siret: string }) => s.siret));
    const sharedCount = inclusion.body.items.filter((s: { siret: string }) => marcheSirets.has(s.siret)).length;
    expect(sharedCount).toBeGreaterThan(inclusion.body.items.length / 2);
    // Empty text is "", never null; cities come in several spellings.
    for (const s of list.body.results.slice(0, 200)) {
      for (const key of ['brand', 'city', 'post_code', 'department', 'region', 'contact_website']) expect(typeof s[key]).toBe('string');
    }
    const cities = list.body.results.map((s: { city: string }) => s.city);
    expect(cities).toContain('');
    expect(cities.some((c: string) => c !== '' && c === c.toUpperCase())).toBe(true);
  });
});

describe('SIAE of the same name across limit/offset pages', () => {
  /**
   * A department and a page size at which the first two pages share an SIAE: the Marché sorts by
   * name only, and the place of namesakes depends on how many rows the query sorts.
   */
  async function overlappingPages(department: string) {
    const all: { id: number; name: string }[] = (await marche(`/api/siae/?department=${department}&limit=1000`)).body.results;
    for (let i = 0; i + 1 < all.length; i++) {
      if (all[i]!.name !== all[i + 1]!.name) continue;
      // The boundary between the first two pages falls between the two namesakes.
      const limit = i + 1;
      const first = (await marche(`/api/siae/?department=${department}&limit=${limit}`)).body.results;
      const second = (await marche(`/api/siae/?department=${department}&limit=${limit}&offset=${limit}`)).body.results;
      const ids = new Set(first.map((s: { id: number }) => s.id));
      const shared = second.filter((s: { id: number }) => ids.has(s.id));
      if (shared.length > 0) return { all, limit, shared };
    }
    throw new Error(`no overlapping pages in department ${department}`);
  }

  it('orders namesakes differently from one window to another, as PostgreSQL may', async () => {
    const { all, shared } = await overlappingPages('44');
    expect(shared).toHaveLength(1);
    const names = all.map((s) => s.name);
    expect([...names].sort()).toEqual(names);
  });

  it('keeps each SIAE of a department once when its pages overlap', async () => {
    const { all, limit } = await overlappingPages('44');
    const clients = connectionsFor(sandbox());
    try {
      const loaders = createLemarcheLoaders(clients.lemarche, { onStale: () => {} }, { pageSize: limit });
      sandbox().controls.resetCounters();
      const ids = (await loaders.siaesOfDepartment.load('44')).map((s) => s.id);
      expect(sandbox().controls.count('lemarche')).toBe(Math.ceil(all.length / limit));
      expect(new Set(ids).size).toBe(ids.length);
      const known = new Set(all.map((s) => s.id));
      expect(ids.every((id) => known.has(id))).toBe(true);
    } finally {
      await clients.close();
    }
  });
});
