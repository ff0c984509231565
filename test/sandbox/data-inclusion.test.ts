import { describe, expect, it } from 'vitest';
import { geography } from '../../src/geography/index.js';
import { buildDataInclusionWorld } from '../../sandbox/data-inclusion/world.js';
import { distanceKm } from '../../sandbox/seed/places.js';
import { getJson, useSandbox } from '../helpers/sandbox.js';

const sandbox = useSandbox();
const di = (path: string, token: string | null = sandbox().credentials.dataInclusionToken) =>
  getJson(`${sandbox().urls['data-inclusion']}${path}`, token === null ? {} : { authorization: `Bearer ${token}` });

describe('data·inclusion simulator', () => {
  it('answers the auth matrix: 401 without or with a bad token, 403 without the api scope', async () => {
    const missing = await di('/api/v1/structures?size=1', null);
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({ detail: 'Not authenticated' });
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect((await di('/api/v1/structures?size=1', 'not.a.jwt')).body).toEqual({ detail: 'Unauthorized' });
    const widget = await di('/api/v1/structures?size=1', sandbox().credentials.dataInclusionWidgetToken);
    expect(widget.status).toBe(403);
    expect(widget.body).toEqual({ detail: 'Forbidden' });
    // Referentials are public.
    const doc = await di('/api/v1/doc/thematiques', null);
    expect(doc.status).toBe(200);
    expect(doc.body).toHaveLength(69);
    expect(doc.body[0]).toEqual({ value: expect.any(String), label: expect.any(String), description: null });
  });

  it('pages with page/size, reporting the number of items of the page in `size`', async () => {
    const first = await di('/api/v1/structures?code_departement=44&size=7&page=1');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(7);
    expect(first.body.size).toBe(7);
    expect(first.body.pages).toBe(Math.ceil(first.body.total / 7));
    const last = await di(`/api/v1/structures?code_departement=44&size=7&page=${first.body.pages}`);
    expect(last.body.size).toBe(last.body.items.length);
    const past = await di(`/api/v1/structures?code_departement=44&size=7&page=${first.body.pages + 1}`);
    expect(past.status).toBe(200);
    expect(past.body).toMatchObject({ items: [], size: 0, total: first.body.total });
    // Ordered by id; every structure of the department has a code_insee starting with 44.
    const ids = first.body.items.map((s: { id: string }) => s.id);
    expect([...ids].sort()).toEqual(ids);
    for (const s of first.body.items) {
      expect(s.code_insee.startsWith('44')).toBe(true);
      expect(s.id).toMatch(/^[a-z-]+--.+/);
      expect(s).toHaveProperty('doublons');
      expect(s).toHaveProperty('score_qualite');
    }
  });

  it('rejects bad parameters with FastAPI 422 bodies, array or string', async () => {
    const tooBig = await di('/api/v1/structures?size=20000');
    expect(tooBig.status).toBe(422);
    expect(tooBig.body.detail[0]).toMatchObject({ type: 'less_than_equal', loc: ['query', 'size'] });
    const badEnum = await di('/api/v1/services?frais=foo');
    expect(badEnum.status).toBe(422);
    expect(badEnum.body.detail[0]).toMatchObject({ type: 'enum', loc: ['query', 'frais', 0], input: 'foo' });
    const badCommune = await di('/api/v1/structures?code_commune=4410');
    expect(badCommune.body.detail[0].loc).toEqual(['query', 'code_commune']);
    const halfPoint = await di('/api/v1/search/services?code_commune=44109&lat=47.2');
    expect(halfPoint.body).toEqual({ detail: 'The `lat` and `lon` must be simultaneously filled.' });
    const unknownCommune = await di('/api/v1/search/services?code_commune=99999');
    expect(unknownCommune.status).toBe(422);
    expect(unknownCommune.body).toEqual({ detail: 'This `code_commune` does not exist.' });
  });

  it('reads repeated keys as lists, never splitting on commas, and expands theme categories', async () => {
    const numerique = await di('/api/v1/services?thematiques=numerique&size=50');
    expect(numerique.body.total).toBeGreaterThan(0);
    for (const s of numerique.body.items) expect(s.thematiques.some((t: string) => t.startsWith('numerique--'))).toBe(true);
    const both = await di('/api/v1/services?thematiques=numerique&thematiques=mobilite&size=1');
    const mobilite = await di('/api/v1/services?thematiques=mobilite&size=1');
    expect(both.body.total).toBeGreaterThan(numerique.body.total);
    expect(both.body.total).toBeLessThanOrEqual(numerique.body.total + mobilite.body.total);
    expect((await di('/api/v1/services?thematiques=numerique,mobilite')).status).toBe(422);
  });

  it('redirects a trailing slash (307), decodes ids with reserved characters, 404s unknown ids and v0', async () => {
    const slash = await di('/api/v1/structures/?size=1');
    expect(slash.status).toBe(307);
    expect(slash.headers.get('location')).toBe('/api/v1/structures?size=1');
    const list = await di('/api/v1/structures?sources=dora&size=10000');
    const special = list.body.items.find((s: { id: string }) => s.id.includes(':'));
    expect(special).toBeDefined();
    const detail = await di(`/api/v1/structures/${encodeURIComponent(special.id)}`);
    expect(detail.status).toBe(200);
    expect(detail.body.id).toBe(special.id);
    expect(Array.isArray(detail.body.services)).toBe(true);
    expect((await di('/api/v1/structures/dora--nope')).body).toEqual({ detail: 'Not Found' });
    expect((await di('/api/v0/structures')).status).toBe(404);
    const service = await di(`/api/v1/services/${encodeURIComponent(detail.body.services[0].id)}`);
    expect(service.body.structure.id).toBe(special.id);
  });

  it('hides Soliguide rows from ordinary tokens in list endpoints', async () => {
    const all = await di('/api/v1/structures?size=10000&sources=soliguide');
    expect(all.body.total).toBe(0);
  });

  it('marks duplicate clusters and keeps the best member with exclure_doublons', async () => {
    const list = await di('/api/v1/structures?size=10000&code_region=52');
    const withDuplicates = list.body.items.filter((s: { doublons: unknown[] }) => s.doublons.length > 0);
    expect(withDuplicates.length).toBeGreaterThan(0);
    const deduplicated = await di('/api/v1/structures?size=10000&code_region=52&exclure_doublons=true');
    expect(deduplicated.body.total).toBeLessThan(list.body.total);
    const sample = withDuplicates[0];
    expect(sample.doublons[0]).toEqual({ source: expect.any(String), id: expect.any(String) });
    const sameSiret = list.body.items.filter((s: { siret: string }) => s.siret === sample.siret);
    expect(sameSiret.length).toBeGreaterThanOrEqual(2);
  });

  it('searches services around a commune: eligible, within 50 km or remote, nearest first', async () => {
    const result = await di('/api/v1/search/services?code_commune=44109&size=500');
    expect(result.status).toBe(200);
    expect(result.body.total).toBeGreaterThan(10);
    const nantes = geography().commune('44109')!;
    const eligible = new Set(['44109', '44', nantes.epciCode, '99100', 'france']);
    const distances = result.body.items.map((r: { distance: number | null }) => r.distance);
    const firstNull = distances.indexOf(null);
    const known = firstNull === -1 ? distances : distances.slice(0, firstNull);
    expect([...known].sort((a: number, b: number) => a - b)).toEqual(known);
    if (firstNull !== -1) expect(distances.slice(firstNull).every((d: number | null) => d === null)).toBe(true);
    for (const { service, distance } of result.body.items) {
      if (service.zone_eligibilite) expect(service.zone_eligibilite.some((z: string) => eligible.has(z))).toBe(true);
      if (distance !== null) {
        expect(distance).toBeLessThanOrEqual(50);
        expect(service.modes_accueil).toContain('en-presentiel');
      } else {
        expect(service.modes_accueil).toContain('a-distance');
      }
      expect(service.structure.id).toBe(service.structure_id);
    }
    // The reported distance is the truncated geodesic distance from the search point.
    const point = { latitude: 47.2, longitude: -1.55 };
    const fromPoint = await di(`/api/v1/search/services?code_commune=44109&lat=${point.latitude}&lon=${point.longitude}&size=5`);
    const near = fromPoint.body.items.find((r: { distance: number | null }) => r.distance !== null);
    expect(near.distance).toBe(Math.trunc(distanceKm(point, { latitude: near.service.latitude, longitude: near.service.longitude })));
  });

  it('details a structure with all its services, which department lists miss when held elsewhere or nowhere', async () => {
    const world = buildDataInclusionWorld();
    const departmentOf = (code: string | null) => (code ? geography().commune(code)?.departmentCode : undefined);
    const record = world.structures.find(
      (r) =>
        r.services.some((s) => s.code_insee === null) &&
        r.services.some((s) => s.code_insee !== null && departmentOf(s.code_insee) !== departmentOf(r.structure.code_insee)),
    )!;
    const detail = await di(`/api/v1/structures/${encodeURIComponent(record.structure.id)}`);
    expect(detail.body.services.map((s: { id: string }) => s.id).sort()).toEqual(record.services.map((s) => s.id).sort());
    // Detail services are `Service`s: no parent structure, no hidden `extra`.
    for (const service of detail.body.services) {
      expect(service).toMatchObject({ structure_id: record.structure.id, adresse_certifiee: expect.any(Boolean) });
      expect(service).not.toHaveProperty('structure');
      expect(service).not.toHaveProperty('extra');
    }
    const department = departmentOf(record.structure.code_insee)!;
    const listed = await di(`/api/v1/services?code_departement=${department}&size=10000`);
    const inList = listed.body.items.filter((s: { structure_id: string }) => s.structure_id === record.structure.id);
    expect(inList.length).toBeLessThanOrEqual(record.services.length - 2);
    // Duplicates in a detail are full base structures, without the API's additions.
    const duplicated = world.structures.find((r) => r.cluster && r.cluster !== r.structure.id)!;
    const withDuplicate = await di(`/api/v1/structures/${encodeURIComponent(duplicated.structure.id)}`);
    expect(withDuplicate.body.doublons).toHaveLength(1);
    expect(withDuplicate.body.doublons[0]).toMatchObject({ id: duplicated.cluster, nom: expect.any(String), date_maj: expect.any(String) });
    expect(withDuplicate.body.doublons[0]).not.toHaveProperty('adresse_certifiee');
    expect(withDuplicate.body.doublons[0]).not.toHaveProperty('score_qualite');
  });

  it('holds nothing in overseas collectivities, whose department and region codes it refuses', async () => {
    const department = await di('/api/v1/structures?code_departement=975');
    expect(department.status).toBe(422);
    expect(department.body.detail[0]).toMatchObject({ type: 'enum', loc: ['query', 'code_departement'], input: '975' });
    expect((await di('/api/v1/services?code_region=988')).status).toBe(422);
    expect((await di('/api/v1/structures?code_commune=97502')).body.total).toBe(0);
    expect((await di('/api/v1/services?code_commune=98735')).body.total).toBe(0);
  });

  it('answers injected errors with FastAPI’s bodies: a validation array for 422', async () => {
    sandbox().controls.addFault({ source: 'data-inclusion', kind: 'status', status: 422, times: 1 });
    const refused = await di('/api/v1/structures?size=1');
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toEqual([
      {
        type: 'enum',
        loc: ['query', 'frais', 0],
        msg: expect.any(String),
        input: expect.any(String),
        ctx: { expected: expect.any(String) },
      },
    ]);
    sandbox().controls.addFault({ source: 'data-inclusion', kind: 'status', status: 404, times: 1 });
    expect((await di('/api/v1/structures?size=1')).body).toEqual({ detail: 'Not Found' });
  });

  it('is deterministic: generating again gives the same data', async () => {
    const served = await di('/api/v1/structures?code_commune=44109&size=5');
    const again = buildDataInclusionWorld()
      .structures.filter((r) => r.structure.code_insee === '44109')
      .slice(0, 5);
    expect(served.body.items.map((s: { id: string; siret: string | null }) => [s.id, s.siret])).toEqual(
      again.map((r) => [r.structure.id, r.structure.siret]),
    );
  });
});
