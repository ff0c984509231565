import { describe, expect, it } from 'vitest';
import { isValidUai } from '../../src/identifiers/index.js';
import { getJson, useSandbox } from '../helpers/sandbox.js';

const sandbox = useSandbox();
const ij = (path: string, headers: Record<string, string> = {}) => getJson(`${sandbox().urls.inserjeunes}${path}`, headers);
const withKey = () => ({ 'x-api-key': sandbox().credentials.inserjeunesApiKey });

describe('InserJeunes simulator', () => {
  it('keeps list routes private: x-api-key, a login JWT, a bearer or ?apiKey', async () => {
    const denied = await ij('/api/inserjeunes/certifications');
    expect(denied.status).toBe(401);
    expect(denied.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Not authorized' });
    expect((await ij('/api/inserjeunes/certifications', withKey())).status).toBe(200);
    expect((await ij(`/api/inserjeunes/certifications?apiKey=${sandbox().credentials.inserjeunesApiKey}`)).status).toBe(200);
    const { credentials } = sandbox();
    const login = await fetch(`${sandbox().urls.inserjeunes}/api/inserjeunes/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: credentials.inserjeunesUsername, password: credentials.inserjeunesPassword }),
    });
    const { token } = (await login.json()) as { token: string };
    expect((await ij('/api/inserjeunes/formations', { authorization: `Bearer ${token}` })).status).toBe(200);
    const wrong = await fetch(`${sandbox().urls.inserjeunes}/api/inserjeunes/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'sandbox', password: 'nope' }),
    });
    expect(wrong.status).toBe(401);
    // Single-item reads are public.
    expect((await ij('/api/inserjeunes/certifications/40025214')).status).toBe(200);
  });

  it('rejects any undeclared parameter with a Joi 400', async () => {
    const bad = await ij('/api/inserjeunes/certifications?invalid=true', withKey());
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: 'Erreur de validation' });
    expect(bad.body.details[0]).toMatchObject({ message: '"invalid" is not allowed', path: ['invalid'], type: 'object.unknown' });
    // The singular/plural trap: `millesime` is not a list-route parameter.
    expect((await ij('/api/inserjeunes/certifications?millesime=2024', withKey())).status).toBe(400);
    expect((await ij('/api/inserjeunes/certifications/ABC')).body.details[0].type).toBe('codes_certification.invalid');
    expect((await ij('/api/inserjeunes/regionales/99', withKey())).body.details[0].type).toBe('any.only');
  });

  it('pages lists with items_par_page (10 by default)', async () => {
    const page = await ij('/api/inserjeunes/formations?regions=52', withKey());
    expect(page.body.formations).toHaveLength(10);
    expect(page.body.pagination).toMatchObject({ page: 1, items_par_page: 10, total: expect.any(Number) });
    expect(page.body.pagination.nombre_de_page).toBe(Math.ceil(page.body.pagination.total / 10));
    for (const f of page.body.formations) {
      expect(f.region.code).toBe('52');
      expect(isValidUai(f.uai)).toBe(true);
      expect(f.millesime).toBe('2023_2024');
    }
    const beyond = await ij('/api/inserjeunes/formations?regions=52&page=999', withKey());
    expect(beyond.body.formations).toEqual([]);
  });

  it('serves one certification with _meta, the filière view for several codes, and semantic 404s', async () => {
    const one = await ij('/api/inserjeunes/certifications/CFD:40025214');
    expect(one.body).toMatchObject({
      code_certification: '40025214',
      code_certification_type: 'cfd',
      filiere: 'apprentissage',
      millesime: '2024',
    });
    expect(one.body._meta).toMatchObject({ titre: 'Certification 40025214' });
    expect(Number.isInteger(one.body.taux_en_emploi_6_mois)).toBe(true);
    const view = await ij('/api/inserjeunes/certifications/40025214,24733405110');
    expect(Object.keys(view.body).sort()).toEqual(['apprentissage', 'pro']);
    expect(view.body.pro.codes_certifications).toEqual(['24733405110']);
    expect((await ij('/api/inserjeunes/certifications/99999999')).body.message).toBe('Certification inconnue');
    const oldYear = await ij('/api/inserjeunes/certifications/40025214?millesime=2010');
    expect(oldYear.status).toBe(404);
    expect(oldYear.body.data).toEqual({ millesime: '2010', millesimesDisponible: ['2024', '2023', '2022', '2021', '2020'] });
    // A common first year answers its terminal years; a single-terminal year answers for it.
    const common = await ij('/api/inserjeunes/certifications/24733000110');
    expect(common.body.certificationsTerminales).toHaveLength(2);
    const redirected = await ij('/api/inserjeunes/certifications/24722106110');
    expect(redirected.body.code_certification).toBe('24722106210');
  });

  it('hides rates below 20 final-year students and says why', async () => {
    const all = await ij('/api/inserjeunes/formations?items_par_page=5000', withKey());
    const small = all.body.formations.find((f: { nb_annee_term: number }) => f.nb_annee_term < 20);
    expect(small.taux_en_emploi_6_mois).toBeNull();
    expect(small.nb_sortant).toBeNull();
    expect(small._meta.messages[0]).toMatch(/pas assez d'élèves/);
    const big = all.body.formations.find((f: { nb_annee_term: number }) => f.nb_annee_term >= 20);
    expect(big._meta).toBeUndefined();
  });

  it('serves one formation by UAI and code, matching both millésime forms', async () => {
    const list = await ij('/api/inserjeunes/formations?regions=52&code_certifications=40025214', withKey());
    const row = list.body.formations[0];
    const one = await ij(`/api/inserjeunes/formations/${row.uai}-${row.code_certification}?millesime=2024`);
    expect(one.body).toMatchObject({ uai: row.uai, millesime: '2023_2024' });
    expect(one.body._meta.titre).toBe(`Certification ${row.code_certification}, établissement ${row.uai}`);
    expect((await ij(`/api/inserjeunes/formations/0000001A-${row.code_certification}`)).body.message).toBe('Etablissement inconnu');
    expect((await ij(`/api/inserjeunes/formations/${row.uai}-99999999`)).body.message).toBe('Formation inconnue');
  });

  it('exports CSV with `;`, a header line and null written as null', async () => {
    const response = await fetch(`${sandbox().urls.inserjeunes}/api/inserjeunes/regionales/52.csv?items_par_page=20`, {
      headers: withKey(),
    });
    expect(response.headers.get('content-type')).toBe('text/csv; charset=UTF-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename=export-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = (await response.text()).trim().split('\n');
    expect(lines[0]!.startsWith('region;code_certification;code_formation_diplome;filiere;millesime')).toBe(true);
    expect(lines[1]!.startsWith('Pays de la Loire;')).toBe(true);
    expect(lines.length).toBe(21);
    const formations = await (
      await fetch(`${sandbox().urls.inserjeunes}/api/inserjeunes/formations.csv?items_par_page=200`, { headers: withKey() })
    ).text();
    const header = formations.split('\n')[0]!.split(';');
    expect(header.slice(0, 4)).toEqual(['uai', 'uai_type', 'uai_donnee', 'uai_donnee_type']);
    const rate = header.indexOf('taux_en_emploi_6_mois');
    expect(
      formations
        .split('\n')
        .slice(1)
        .some((line) => line.split(';')[rate] === 'null'),
    ).toBe(true);
  });

  it('serves single items as an SVG widget, with the three error-image modes', async () => {
    const image = await fetch(`${sandbox().urls.inserjeunes}/api/inserjeunes/certifications/40025214.svg?direction=horizontal`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/svg+xml');
    expect(await image.text()).toMatch(/^<svg[^>]*>.*En emploi 6 mois/);
    const missing = (mode: string) =>
      fetch(`${sandbox().urls.inserjeunes}/api/inserjeunes/certifications/99999999.svg?imageOnError=${mode}`);
    expect((await missing('true')).status).toBe(200);
    expect(await (await missing('empty')).text()).toMatch(/width="1"/);
    expect((await missing('false')).status).toBe(404);
    expect((await ij('/api/inserjeunes/certifications/40025214.svg?theme=pink')).status).toBe(400);
  });

  it('answers an unknown route with Express’s HTML 404', async () => {
    const response = await ij('/api/inserjeunes/superieur');
    expect(response.status).toBe(404);
    expect(response.body).toContain('Cannot GET /api/inserjeunes/superieur');
  });
});
