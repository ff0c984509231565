import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formationFromInserJeunes } from '../../src/modules/formation/from-inserjeunes.js';
import { OmogenToken } from '../../src/sources/inserjeunes/omogen-token.js';
import { sandboxWorld } from '../../sandbox/world.js';
import { COMMON_YEAR, NON_TERMINAL_YEAR } from '../../sandbox/inserjeunes/reference.js';
import { connectionsFor } from '../helpers/connections.js';
import { example, exampleFiles, examplesAvailable, shapeDifferences } from '../helpers/examples.js';
import { getJson, useSandbox } from '../helpers/sandbox.js';

/*
 * The recorded answers of InserJeunes (examples/inserjeunes, read in place: upstream test
 * fixtures and two clients' fixtures of the Omogen token) against our client and our sandbox.
 * The client, served each recording over HTTP behind a replayed gateway, reads it to the right
 * values; the sandbox, asked the equivalent request (its own codes: the recordings use the test
 * factory's `12345678`), answers the same shape.
 */

const SOURCE = 'inserjeunes';
const OMOGEN = '/exposition-inserjeunes-insersup';
const LBA_TOKEN = 'omogen.auth-token.200.labonnealternance-fixture.json';
const J1S_TOKEN = 'omogen.auth-token.200.1j1s-fixture.json';
const STAT = /^(nb|taux|salaire)_/;

interface Replayed {
  url: string;
  /** Data requests as received: path and query, and the bearer they carried. */
  asked: { url: string; authorization: string | undefined }[];
  tokenRequests: number;
}

/** A gateway answering recorded bodies: a token at `/auth/token`, and `routes` under the API's prefix (HTML 404 elsewhere). */
async function replay(
  routes: Record<string, { status: number; file: string }>,
  tokenFile = LBA_TOKEN,
): Promise<Replayed & { server: Server }> {
  const replayed: Replayed = { url: '', asked: [], tokenRequests: 0 };
  const server = createServer((request, response) => {
    const url = request.url ?? '';
    if (request.method === 'POST' && url === '/auth/token') {
      replayed.tokenRequests++;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(example(SOURCE, tokenFile)));
      return;
    }
    const path = url.startsWith(`${OMOGEN}/`) ? url.slice(OMOGEN.length) : undefined;
    replayed.asked.push({ url: path ?? url, authorization: request.headers.authorization });
    const route = path === undefined ? undefined : routes[path];
    if (!route) {
      response.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end(`<pre>Cannot GET ${url}</pre>`);
      return;
    }
    response
      .writeHead(route.status, { 'content-type': 'application/json; charset=utf-8' })
      .end(JSON.stringify(example(SOURCE, route.file)));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  replayed.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(replayed, { server });
}

describe.skipIf(!examplesAvailable)('InserJeunes against its recordings', () => {
  const sandbox = useSandbox();
  const servers: Server[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  });

  /** Our real client (URL building, token, HTTP, zod schemas, 404 handling) against a replay. */
  async function throughClient<T>(
    routes: Record<string, { status: number; file: string }>,
    use: (clients: ReturnType<typeof connectionsFor>) => Promise<T>,
  ): Promise<{ result: T; gateway: Replayed }> {
    const gateway = await replay(routes);
    servers.push(gateway.server);
    const clients = connectionsFor(sandbox(), { INSERJEUNES_URL: `${gateway.url}${OMOGEN}`, INSERJEUNES_RETRIES: '0' });
    try {
      return { result: await use(clients), gateway };
    } finally {
      await clients.close();
    }
  }

  const COVERED = {
    client: [] as string[],
    sandbox: [] as string[],
  };
  const covers = (side: 'client' | 'sandbox', ...files: string[]) => COVERED[side].push(...files);

  it('has the files this test knows, no more, no fewer', () => {
    expect(exampleFiles(SOURCE)).toEqual(
      [
        '404.pas-de-donnees-pour-le-millesime.swagger-example.json',
        'certification.400.invalid-code.json',
        'certification.404.pas-de-donnees-pour-le-millesime.json',
        'certification.annee-non-terminale.2024-12.200.json',
        'certification.annee-non-terminale.redirected.200.json',
        'certification.national.200.json',
        'certifications.400.unknown-parameter.json',
        J1S_TOKEN,
        LBA_TOKEN,
        'regionale.400.invalid-region.json',
        'regionale.404.formation-inconnue.json',
        'regionale.404.pas-de-donnees-disponibles.json',
        'regionale.404.pas-de-donnees-pour-le-millesime.json',
        'regionale.certification.200.json',
        'regionales.list.200.json',
      ].sort(),
    );
  });

  describe('the client reads each recording', () => {
    it('national figures: every figure where the model has it, salaries included', async () => {
      const file = 'certification.national.200.json';
      covers('client', file);
      const recorded = example(SOURCE, file);
      const { result, gateway } = await throughClient({ '/api/inserjeunes/certifications/12345678': { status: 200, file } }, (c) =>
        c.inserjeunes.certification('12345678'),
      );
      expect(gateway.asked).toEqual([
        { url: '/api/inserjeunes/certifications/12345678', authorization: `Bearer ${example(SOURCE, LBA_TOKEN).access_token}` },
      ]);
      expect(formationFromInserJeunes(result.value!)).toEqual({
        id: `national/12345678/${recorded.millesime}`,
        code: recorded.code_certification,
        codeType: recorded.code_certification_type,
        label: recorded.libelle,
        diploma: { code: recorded.diplome.code, label: recorded.diplome.libelle },
        track: recorded.filiere,
        millesime: recorded.millesime,
        uai: null,
        establishmentName: null,
        regionCode: null,
        finalYearStudents: recorded.nb_annee_term,
        leavers: recorded.nb_sortant,
        employmentRate6Months: recorded.taux_en_emploi_6_mois,
        employmentRate12Months: recorded.taux_en_emploi_12_mois,
        employmentRate24Months: recorded.taux_en_emploi_24_mois,
        furtherStudyRate: recorded.taux_en_formation,
        otherRate6Months: recorded.taux_autres_6_mois,
        salary12Months: { q1: recorded.salaire_12_mois_q1, median: recorded.salaire_12_mois_q2, q3: recorded.salaire_12_mois_q3 },
        terminalCertifications: [],
      });
    });

    it('regional figures: a period millésime and the region', async () => {
      const file = 'regionale.certification.200.json';
      covers('client', file);
      const recorded = example(SOURCE, file);
      const { result } = await throughClient({ '/api/inserjeunes/regionales/11/certifications/12345678': { status: 200, file } }, (c) =>
        c.inserjeunes.regionalCertification('11', '12345678'),
      );
      expect(formationFromInserJeunes(result.value!)).toMatchObject({
        id: `regional/11/12345678/${recorded.millesime}`,
        millesime: recorded.millesime,
        regionCode: recorded.region.code,
        finalYearStudents: recorded.nb_annee_term,
        employmentRate6Months: recorded.taux_en_emploi_6_mois,
        salary12Months: null,
      });
    });

    it('the regional list and its pagination', async () => {
      const file = 'regionales.list.200.json';
      covers('client', file);
      const recorded = example(SOURCE, file);
      const { result } = await throughClient({ '/api/inserjeunes/regionales?page=1&items_par_page=10': { status: 200, file } }, (c) =>
        c.inserjeunes.regionales({}, { page: 1, perPage: 10 }),
      );
      expect(result.value!.pagination.total).toBe(recorded.pagination.total);
      expect(result.value!.regionales.map(formationFromInserJeunes)).toMatchObject([
        { regionCode: recorded.regionales[0].region.code, leavers: recorded.regionales[0].nb_sortant },
      ]);
    });

    it('a non-final year of 2024-12: no figures (null, not 0), its final year listed', async () => {
      const file = 'certification.annee-non-terminale.2024-12.200.json';
      covers('client', file);
      const recorded = example(SOURCE, file);
      const { result } = await throughClient({ '/api/inserjeunes/certifications/12345678910': { status: 200, file } }, (c) =>
        c.inserjeunes.certification('12345678910'),
      );
      const formation = formationFromInserJeunes(result.value!);
      expect(formation).toMatchObject({ code: '12345678910', finalYearStudents: null, employmentRate6Months: null, salary12Months: null });
      expect(formation.terminalCertifications).toEqual([
        expect.objectContaining({
          id: `national/${recorded.certificationsTerminales[0].code_certification}/${recorded.millesime}`,
          code: recorded.certificationsTerminales[0].code_certification,
          millesime: recorded.millesime,
          finalYearStudents: null,
          employmentRate6Months: null,
          terminalCertifications: [],
        }),
      ]);
    });

    it('a non-final year answered by its final year: the code differs from the one asked for', async () => {
      const file = 'certification.annee-non-terminale.redirected.200.json';
      covers('client', file);
      const { result } = await throughClient({ '/api/inserjeunes/certifications/12345678910': { status: 200, file } }, (c) =>
        c.inserjeunes.certification('12345678910'),
      );
      const formation = formationFromInserJeunes(result.value!);
      expect(formation).toMatchObject({
        code: example(SOURCE, file).code_certification,
        finalYearStudents: null,
        terminalCertifications: [],
      });
      expect(formation.code).not.toBe('12345678910');
    });

    it.each([
      ['certification.404.pas-de-donnees-pour-le-millesime.json', 'certification.national.200.json'],
      ['404.pas-de-donnees-pour-le-millesime.swagger-example.json', 'certification.national.200.json'],
    ])('%s: without a millésime, asks for the newest one listed', async (file, answer) => {
      covers('client', file);
      const newest = example(SOURCE, file).data.millesimesDisponible[0];
      const { result, gateway } = await throughClient(
        {
          '/api/inserjeunes/certifications/12345678': { status: 404, file },
          [`/api/inserjeunes/certifications/12345678?millesime=${newest}`]: { status: 200, file: answer },
        },
        (c) => c.inserjeunes.certification('12345678'),
      );
      expect(gateway.asked.map((a) => a.url)).toEqual([
        '/api/inserjeunes/certifications/12345678',
        `/api/inserjeunes/certifications/12345678?millesime=${newest}`,
      ]);
      expect(result.value).toMatchObject({ code_certification: '12345678' });
    });

    it('regionale.404.pas-de-donnees-pour-le-millesime.json: the newest period without a millésime, null with one', async () => {
      const file = 'regionale.404.pas-de-donnees-pour-le-millesime.json';
      covers('client', file);
      const { millesime, millesimesDisponible } = example(SOURCE, file).data;
      const routes = {
        '/api/inserjeunes/regionales/11/certifications/12345678': { status: 404, file },
        [`/api/inserjeunes/regionales/11/certifications/12345678?millesime=${millesime}`]: { status: 404, file },
        [`/api/inserjeunes/regionales/11/certifications/12345678?millesime=${millesimesDisponible[0]}`]: {
          status: 200,
          file: 'regionale.certification.200.json',
        },
      };
      const latest = await throughClient(routes, (c) => c.inserjeunes.regionalCertification('11', '12345678'));
      expect(latest.gateway.asked.at(-1)!.url).toContain(`millesime=${millesimesDisponible[0]}`);
      expect(latest.result.value).toMatchObject({ code_certification: '12345678' });
      // Asked by year, sent as the period the regional route takes; no second call.
      const asked = await throughClient(routes, (c) => c.inserjeunes.regionalCertification('11', '12345678', millesime.split('_')[1]));
      expect(asked.gateway.asked.map((a) => a.url)).toEqual([
        `/api/inserjeunes/regionales/11/certifications/12345678?millesime=${millesime}`,
      ]);
      expect(asked.result.value).toBeNull();
    });

    it.each(['regionale.404.formation-inconnue.json', 'regionale.404.pas-de-donnees-disponibles.json'])(
      '%s: null, one call',
      async (file) => {
        covers('client', file);
        const { result, gateway } = await throughClient(
          { '/api/inserjeunes/regionales/11/certifications/12345678': { status: 404, file } },
          (c) => c.inserjeunes.regionalCertification('11', '12345678'),
        );
        expect(result.value).toBeNull();
        expect(gateway.asked).toHaveLength(1);
      },
    );

    it.each([
      ['certification.400.invalid-code.json', '/api/inserjeunes/certifications/12345678'],
      ['certifications.400.unknown-parameter.json', '/api/inserjeunes/certifications?page=1&items_par_page=10'],
      ['regionale.400.invalid-region.json', '/api/inserjeunes/regionales/11/certifications/12345678'],
    ])('%s: BAD_USER_INPUT, the detail upstream wrote kept on the error, out of its message', async (file, path) => {
      covers('client', file);
      const detail: string = example(SOURCE, file).details[0].message;
      const call = (c: ReturnType<typeof connectionsFor>): Promise<unknown> =>
        path.includes('regionales')
          ? c.inserjeunes.regionalCertification('11', '12345678')
          : path.includes('?')
            ? c.inserjeunes.certifications({}, { page: 1, perPage: 10 })
            : c.inserjeunes.certification('12345678');
      await expect(throughClient({ [path]: { status: 400, file } }, call)).rejects.toMatchObject({
        code: 'BAD_USER_INPUT',
        source: 'inserjeunes',
        message: 'inserjeunes refused the request (HTTP 400)',
        said: { message: expect.stringContaining(detail) },
      });
    });

    it.each([LBA_TOKEN, J1S_TOKEN])('%s: the token answer gives the bearer of data calls', async (file) => {
      covers('client', file);
      const gateway = await replay({}, file);
      servers.push(gateway.server);
      const token = new OmogenToken({
        tokenUrl: `${gateway.url}/auth/token`,
        clientId: 'id',
        clientSecret: 'secret',
        apiKey: 'key',
        timeoutMs: 2000,
        logger: pino({ level: 'silent' }),
      });
      expect(await token.headers()).toEqual({ authorization: `Bearer ${example(SOURCE, file).access_token}` });
      await token.headers();
      expect(gateway.tokenRequests).toBe(1);
    });
  });

  describe('the sandbox answers the equivalent requests with the recorded shapes', () => {
    let bearer: Record<string, string>;
    beforeAll(async () => {
      bearer = { authorization: `Bearer ${(await askToken()).body.access_token}` };
    });
    const ij = (path: string) => getJson(`${sandbox().urls.inserjeunes}${OMOGEN}${path}`, bearer);
    const nullableStats = (recorded: Record<string, unknown>, prefix = '') =>
      Object.keys(recorded)
        .filter((key) => STAT.test(key))
        .map((key) => `${prefix}${key}`);

    async function askToken() {
      const { credentials } = sandbox();
      const response = await fetch(`${sandbox().urls.inserjeunes}/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-omogen-api-key': credentials.inserjeunesOmogenKey },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: credentials.inserjeunesClientId,
          client_secret: credentials.inserjeunesClientSecret,
        }).toString(),
      });
      return { status: response.status, body: (await response.json()) as Record<string, any> };
    }

    it('the token answer: the keys labonnealternance validates; 1j1s reads two of them', async () => {
      covers('sandbox', LBA_TOKEN, J1S_TOKEN);
      const { status, body } = await askToken();
      expect(status).toBe(200);
      expect(shapeDifferences(example(SOURCE, LBA_TOKEN), body)).toEqual([]);
      expect(shapeDifferences(example(SOURCE, J1S_TOKEN), body)).toEqual(['token_type: not in the recording']);
    });

    it('national figures of a certification', async () => {
      const file = 'certification.national.200.json';
      covers('sandbox', file);
      const { status, body } = await ij('/api/inserjeunes/certifications/40025214');
      expect(status).toBe(200);
      expect(shapeDifferences(example(SOURCE, file), body)).toEqual([]);
    });

    it('regional figures of a certification', async () => {
      const file = 'regionale.certification.200.json';
      covers('sandbox', file);
      // A region where the cohort is large enough for the figures to show (no `_meta.messages`).
      const row = sandboxWorld().inserJeunes.regional.find(
        (r) => r.code_certification === '40025214' && r.millesime === '2023_2024' && (r.stats.nb_annee_term ?? 0) >= 20,
      )!;
      const { status, body } = await ij(`/api/inserjeunes/regionales/${row.region!.code}/certifications/40025214`);
      expect(status).toBe(200);
      expect(shapeDifferences(example(SOURCE, file), body)).toEqual([]);
    });

    it('the regional list (items without `_meta` unless a message, stats null when hidden)', async () => {
      const file = 'regionales.list.200.json';
      covers('sandbox', file);
      const recorded = example(SOURCE, file);
      const { body } = await ij('/api/inserjeunes/regionales?code_certifications=40025214&items_par_page=100');
      const shown = { ...body, regionales: body.regionales.filter((r: { _meta?: unknown }) => r._meta === undefined) };
      expect(shown.regionales.length).toBeGreaterThan(0);
      expect(shapeDifferences(recorded, shown, nullableStats(recorded.regionales[0], 'regionales[].'))).toEqual([]);
    });

    it('a common year, in the current variant: the recorded keys, plus familleMetier and full final years', async () => {
      const file = 'certification.annee-non-terminale.2024-12.200.json';
      covers('sandbox', file);
      const { body } = await ij(`/api/inserjeunes/certifications/${COMMON_YEAR.mef11}`);
      for (const terminal of body.certificationsTerminales) expect(terminal.code_certification).toEqual(expect.any(String));
      const bare = {
        ...body,
        certificationsTerminales: body.certificationsTerminales.map((t: any) => ({ code_certification: t.code_certification })),
      };
      expect(shapeDifferences(example(SOURCE, file), bare)).toEqual(['familleMetier: not in the recording']);
    });

    it('a non-final year with one final year: that year’s answer (its figures beside the recorded figure-less keys)', async () => {
      const file = 'certification.annee-non-terminale.redirected.200.json';
      covers('sandbox', file);
      const { body } = await ij(`/api/inserjeunes/certifications/${NON_TERMINAL_YEAR.mef11}`);
      expect(body.code_certification).not.toBe(NON_TERMINAL_YEAR.mef11);
      const differences = shapeDifferences(example(SOURCE, file), body).filter(
        (d) => !/^(nb|taux|salaire)_\w+: not in the recording$/.test(d),
      );
      expect(differences).toEqual([]);
    });

    it.each([
      ['certification.404.pas-de-donnees-pour-le-millesime.json', '/api/inserjeunes/certifications/40031212'],
      ['404.pas-de-donnees-pour-le-millesime.swagger-example.json', '/api/inserjeunes/certifications/40031212'],
      ['regionale.404.pas-de-donnees-pour-le-millesime.json', '/api/inserjeunes/regionales/11/certifications/40031212'],
      ['regionale.404.pas-de-donnees-disponibles.json', '/api/inserjeunes/regionales/94/certifications/40031212'],
      ['regionale.404.formation-inconnue.json', '/api/inserjeunes/regionales/11/certifications/99999999'],
      ['certification.400.invalid-code.json', '/api/inserjeunes/certifications/INVALIDE!'],
      ['certifications.400.unknown-parameter.json', '/api/inserjeunes/certifications?invalid=true'],
      ['regionale.400.invalid-region.json', '/api/inserjeunes/regionales/12/certifications/40025214?millesime=2018'],
    ])('%s', async (file, path) => {
      covers('sandbox', file);
      const recorded = example(SOURCE, file);
      const { status, body } = await ij(path);
      expect(status).toBe(recorded.statusCode);
      expect(body.message).toBe(recorded.message);
      expect(shapeDifferences(recorded, body)).toEqual([]);
    });
  });

  // Runs after the tests above (in file order), which record what they covered.
  it('read every recorded file with the client, and asked the sandbox the request of each', () => {
    const all = exampleFiles(SOURCE);
    expect([...new Set(COVERED.client)].sort()).toEqual(all);
    expect([...new Set(COVERED.sandbox)].sort()).toEqual(all);
  });
});
