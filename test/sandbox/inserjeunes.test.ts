import { once } from 'node:events';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isValidUai } from '../../src/identifiers/index.js';
import type { Sandbox } from '../../sandbox/index.js';
import { COMMON_YEAR, NON_TERMINAL_YEAR } from '../../sandbox/inserjeunes/reference.js';
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

const OMOGEN = '/exposition-inserjeunes-insersup';

/** A token request as Omogen's clients send it; `form` and `headers` override the good ones. */
function askToken(sandbox: Sandbox, form: Record<string, string> = {}, headers: Record<string, string> = {}) {
  const { credentials } = sandbox;
  return fetch(`${sandbox.urls.inserjeunes}/auth/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'X-Omogen-Api-Key': credentials.inserjeunesOmogenKey,
      ...headers,
    },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: credentials.inserjeunesClientId,
      client_secret: credentials.inserjeunesClientSecret,
      ...form,
    }).toString(),
  });
}

async function tokenStatusWithKeyHeader(sandbox: Sandbox, name: string): Promise<number> {
  const { credentials } = sandbox;
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: credentials.inserjeunesClientId,
    client_secret: credentials.inserjeunesClientSecret,
  }).toString();
  const request = httpRequest(`${sandbox.urls.inserjeunes}/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', [name]: credentials.inserjeunesOmogenKey },
  });
  request.end(body);
  const [response] = (await once(request, 'response')) as [IncomingMessage];
  expect(request.getRawHeaderNames()).toContain(name);
  response.resume();
  return response.statusCode ?? 0;
}

async function tokenOf(sandbox: Sandbox): Promise<string> {
  const response = await askToken(sandbox);
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

describe('InserJeunes behind the Omogen gateway', () => {
  const bearer = async () => ({ authorization: `Bearer ${await tokenOf(sandbox())}` });

  it('hands out a bearer token for client credentials and its key, whatever the header’s case', async () => {
    const response = await askToken(sandbox());
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'token_type']);
    expect(body).toMatchObject({ access_token: expect.any(String), expires_in: 3600, token_type: 'Bearer' });
    // fetch lower-cases header names; node:http sends them as written, as 1j1s's client does.
    for (const name of ['X-omogen-api-key', 'x-Omogen-api-key']) expect(await tokenStatusWithKeyHeader(sandbox(), name)).toBe(200);
  });

  it('refuses a wrong client, a missing key and a wrong grant, as OAuth2 says', async () => {
    const wrongSecret = await askToken(sandbox(), { client_secret: 'nope' });
    expect(wrongSecret.status).toBe(401);
    expect(await wrongSecret.json()).toEqual({ error: 'invalid_client' });
    expect((await askToken(sandbox(), {}, { 'X-Omogen-Api-Key': 'wrong' })).status).toBe(401);
    expect((await askToken(sandbox(), { client_id: 'someone-else' })).status).toBe(401);
    const grant = await askToken(sandbox(), { grant_type: 'password' });
    expect(grant.status).toBe(400);
    expect(await grant.json()).toEqual({ error: 'unsupported_grant_type' });
    const json = await fetch(`${sandbox().urls.inserjeunes}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-omogen-api-key': sandbox().credentials.inserjeunesOmogenKey },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    expect(json.status).toBe(400);
  });

  it('serves every route under its prefix to a valid bearer only, public reads included', async () => {
    const headers = await bearer();
    for (const path of ['/api/inserjeunes/certifications/40025214', '/api/inserjeunes/formations?regions=52']) {
      expect((await ij(`${OMOGEN}${path}`)).status).toBe(401);
      expect((await ij(`${OMOGEN}${path}`, { authorization: 'Bearer not-a-token' })).status).toBe(401);
      // The legacy key means nothing to the gateway.
      expect((await ij(`${OMOGEN}${path}`, withKey())).status).toBe(401);
      expect((await ij(`${OMOGEN}${path}`, headers)).status).toBe(200);
    }
    const same = await ij(`${OMOGEN}/api/inserjeunes/certifications/40025214`, headers);
    expect(same.body).toEqual((await ij('/api/inserjeunes/certifications/40025214')).body);
    // The token endpoint lives at the gateway's origin, outside the prefix; the API's login is gone there.
    expect((await ij(`${OMOGEN}/auth/token`, headers)).status).toBe(404);
    expect((await fetch(`${sandbox().urls.inserjeunes}${OMOGEN}/api/inserjeunes/auth/login`, { method: 'POST', headers })).status).toBe(
      404,
    );
  });

  it('counts token requests with the other requests of the source', async () => {
    await tokenOf(sandbox());
    await tokenOf(sandbox());
    expect(sandbox().controls.counters().bySource.inserjeunes.byPath['POST /auth/token']).toBe(2);
  });
});

describe('InserJeunes gateway tokens expire', () => {
  const shortLived = useSandbox({ inserjeunesTokenLifetimeS: 1 });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('says so in expires_in, and refuses the token once expired, even for an answer it served before', async () => {
    // The sandbox reads its tokens' lifetime on Date: a fake one (timers stay real, for the sockets) outlives it at once.
    vi.useFakeTimers({ toFake: ['Date'] });
    const response = await askToken(shortLived());
    const { access_token: token, expires_in: expiresIn } = (await response.json()) as { access_token: string; expires_in: number };
    expect(expiresIn).toBe(1);
    const url = `${shortLived().urls.inserjeunes}${OMOGEN}/api/inserjeunes/certifications/40025214`;
    expect((await getJson(url, { authorization: `Bearer ${token}` })).status).toBe(200);
    vi.advanceTimersByTime(1100);
    expect((await getJson(url, { authorization: `Bearer ${token}` })).status).toBe(401);
  });
});

describe('InserJeunes non-final years and missing millésimes', () => {
  const figures = (body: Record<string, unknown>) => Object.keys(body).filter((key) => /^(nb|taux|salaire)_/.test(key));

  it('answers a common year without figures, each final year with its own, in a region too', async () => {
    for (const path of [
      `/api/inserjeunes/certifications/${COMMON_YEAR.mef11}`,
      `/api/inserjeunes/regionales/52/certifications/${COMMON_YEAR.mef11}`,
    ]) {
      const { status, body } = await ij(path);
      expect(status).toBe(200);
      expect(body).toMatchObject({ code_certification: COMMON_YEAR.mef11, familleMetier: { isAnneeCommune: true } });
      expect(figures(body)).toEqual([]);
      expect(body._meta.messages).toBeUndefined();
      expect(body.certificationsTerminales.map((t: { code_certification: string }) => t.code_certification).sort()).toEqual(
        [...COMMON_YEAR.terminales].sort(),
      );
      for (const terminal of body.certificationsTerminales) expect(terminal.nb_annee_term).toEqual(expect.any(Number));
    }
    const regional = await ij(`/api/inserjeunes/regionales/52/certifications/${COMMON_YEAR.mef11}`);
    expect(regional.body.region.code).toBe('52');
    for (const terminal of regional.body.certificationsTerminales) expect(terminal.region.code).toBe('52');
  });

  it('answers a non-final year with a single final year by that final year, in a region too', async () => {
    const [terminal] = NON_TERMINAL_YEAR.terminales;
    expect((await ij(`/api/inserjeunes/certifications/${NON_TERMINAL_YEAR.mef11}`)).body.code_certification).toBe(terminal);
    const regional = await ij(`/api/inserjeunes/regionales/52/certifications/${NON_TERMINAL_YEAR.mef11}`);
    expect(regional.body).toMatchObject({ code_certification: terminal, region: { code: '52' } });
  });

  it('lists the millésimes a closed diploma has, in the form of each route', async () => {
    const national = await ij('/api/inserjeunes/certifications/40031212');
    expect(national.status).toBe(404);
    expect(national.body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'Pas de données pour le millésime',
      data: { millesime: '2024', millesimesDisponible: ['2022', '2021', '2020'] },
    });
    const regional = await ij('/api/inserjeunes/regionales/11/certifications/40031212');
    expect(regional.body.data).toEqual({ millesime: '2023_2024', millesimesDisponible: ['2021_2022', '2020_2021', '2019_2020'] });
    expect((await ij('/api/inserjeunes/regionales/94/certifications/40031212')).body.message).toBe('Pas de données disponibles');
    expect((await ij('/api/inserjeunes/certifications/40031212?millesime=2022')).status).toBe(200);
  });

  it('refuses a bad code listing the codes as given, and answers injected faults with the server’s own bodies', async () => {
    const bad = await ij('/api/inserjeunes/certifications/INVALIDE!');
    expect(bad.status).toBe(400);
    expect(bad.body.details[0]).toMatchObject({
      message: '"codes_certifications" must have the type CFD, MEFSTAT11 or SISE',
      path: ['codes_certifications'],
      context: { value: ['INVALIDE!'] },
    });
    sandbox().controls.addFault({ source: 'inserjeunes', kind: 'status', status: 400 });
    const injected = await ij('/api/inserjeunes/certifications/40025214');
    expect(injected.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: 'Erreur de validation' });
    expect(injected.body.details[0].message).toMatch(/"millesime" must have format/);
  });
});
