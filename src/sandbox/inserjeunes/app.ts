import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { geography } from '../../geography/index.js';
import type { SandboxControls } from '../controls.js';
import { createSimulatorApp, jsonBody } from '../http/app.js';
import { lastValue, type Query } from '../http/query.js';
import { signJwt, verifyJwt } from '../jwt.js';
import { certificationAnswer, statRow, type Scope } from './certification-answer.js';
import { checkParams, faultBody, HttpError, invalid, notFound, validationError } from './errors.js';
import { filieresView } from './filieres.js';
import { OMOGEN_PREFIX, OmogenGateway, type OmogenOptions } from './omogen.js';
import { checkMillesime, otherForm, pageOf, parseCode, parseCodes, parseRegion, splitList } from './params.js';
import { ACADEMY_CODES, NATIONAL_MILLESIMES, PERIOD_MILLESIMES } from './reference.js';
import { EMPTY_SVG, errorWidget, render, toCsv, widget } from './render.js';
import type { InserJeunesWorld, StatRow } from './world.js';

export interface InserJeunesOptions {
  /** The shared legacy API key accepted in `x-api-key`. */
  apiKey: string;
  /** Account accepted by `/auth/login`. */
  username: string;
  password: string;
  jwtSecret: string;
  /** The Omogen gateway's client credentials and key, and the lifetime of its tokens. */
  omogen: OmogenOptions;
}

export function createInserJeunesApp(world: InserJeunesWorld, controls: SandboxControls, options: InserJeunesOptions): FastifyInstance {
  const app = createSimulatorApp('inserjeunes', controls, {
    status: (status) => jsonBody(faultBody(status)),
    rateLimited: () => ({ contentType: 'text/html', body: '<html><head><title>503 Service Temporarily Unavailable</title></head></html>' }),
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  new OmogenGateway(options.omogen).install(app);

  /** `?apiKey=` is moved into the header before validation, so it never counts as unknown. */
  function credentialOf(request: FastifyRequest): string | undefined {
    const query = request.query as Query;
    const fromQuery = lastValue(query, 'apiKey');
    delete query.apiKey;
    const header = request.headers['x-api-key'];
    const bearer = request.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
    return fromQuery ?? (typeof header === 'string' ? header : undefined) ?? bearer;
  }

  /** Behind the gateway the API checks nothing itself: the gateway already checked the token. */
  function requireCredential(request: FastifyRequest): void {
    if (OmogenGateway.isBehind(request)) return;
    const credential = credentialOf(request);
    const valid =
      credential !== undefined && (credential === options.apiKey || verifyJwt(credential, options.jwtSecret)?.iss === 'exposition-ij');
    if (!valid) throw new HttpError(401, { statusCode: 401, error: 'Unauthorized', message: 'Not authorized' });
  }

  function send(reply: FastifyReply, work: () => unknown): unknown {
    try {
      return work();
    } catch (error) {
      if (error instanceof HttpError) return reply.code(error.status).send(error.body);
      throw error;
    }
  }

  const latest = (millesimes: string[]) => millesimes[millesimes.length - 1]!;
  const national: Scope = {
    rows: world.national,
    millesimes: NATIONAL_MILLESIMES,
    unknown: () => notFound('Certification inconnue', 'ErrorCertificationNotFound'),
    noRows: () => notFound('Certification inconnue', 'ErrorCertificationNotFound'),
    meta: (code, millesime) => ({
      titre: `Certification ${code}`,
      details: `Données InserJeunes pour la certification ${code} pour le millésime ${millesime}`,
    }),
  };
  const regionalScope = (region: { code: string; nom: string }): Scope => ({
    rows: world.regional.filter((r) => r.region!.code === region.code),
    millesimes: PERIOD_MILLESIMES,
    unknown: () => notFound('Formation inconnue', 'ErrorFormationNotExist'),
    noRows: () => notFound('Pas de données disponibles', 'ErrorRegionaleNotFound'),
    region,
    meta: (code, millesime) => ({
      titre: `Certification ${code}`,
      details: `Données InserJeunes pour la certification ${code} pour le millésime ${millesime} et la région ${region.nom}`,
    }),
  });

  const codesFilter = (query: Query) => {
    const codes = parseCodes(splitList(lastValue(query, 'code_certifications')), 'code_certifications');
    return (row: StatRow) => codes.length === 0 || codes.includes(row.code_certification);
  };
  const identityColumns = [
    'code_certification',
    'code_formation_diplome',
    'filiere',
    'millesime',
    'donnee_source_type',
    'donnee_source_code_certification',
  ];

  const certificationRows = (query: Query) => {
    const millesimes = splitList(lastValue(query, 'millesimes')).map((m) => checkMillesime(m, 'millesimes'));
    const byCode = codesFilter(query);
    const wanted = millesimes.length ? millesimes : [latest(NATIONAL_MILLESIMES)];
    return world.national.filter((r) => byCode(r) && wanted.includes(r.millesime));
  };

  const formationRows = (query: Query) => {
    const millesimes = splitList(lastValue(query, 'millesimes')).map((m) => checkMillesime(m, 'millesimes'));
    const wanted = new Set(millesimes.length ? millesimes.flatMap((m) => [m, otherForm(m)]) : [latest(PERIOD_MILLESIMES)]);
    const uais = splitList(lastValue(query, 'uais'));
    for (const uai of uais) if (!/^[0-9]{7}[A-Z]$/.test(uai)) throw invalid('uais', '"uais" must be a valid UAI', 'uai.invalid', uai);
    const regions = splitList(lastValue(query, 'regions')).map((r) => parseRegion(r, 'regions'));
    const academies = splitList(lastValue(query, 'academies'));
    academies.forEach((a, i) => {
      if (!ACADEMY_CODES.includes(a))
        throw invalid(`academies[${i}]`, `"academies[${i}]" must be a valid academie code`, 'any.only', a, { valids: ACADEMY_CODES });
    });
    const byCode = codesFilter(query);
    return world.formations.filter(
      (r) =>
        byCode(r) &&
        wanted.has(r.millesime) &&
        (!uais.length || uais.includes(r.uai!)) &&
        (!regions.length || regions.includes(r.region!.code)) &&
        (!academies.length || academies.includes(r.academie!.code)),
    );
  };

  const regionalRows = (query: Query, request: FastifyRequest) => {
    const pathRegion = (request.params as { region?: string }).region;
    const regions =
      pathRegion !== undefined
        ? [parseRegion(pathRegion.replace(/\.(json|csv)$/, ''), 'region')]
        : splitList(lastValue(query, 'regions')).map((r) => parseRegion(r, 'regions'));
    const millesimes = splitList(lastValue(query, 'millesimes')).map((m) => checkMillesime(m, 'millesimes'));
    const wanted = millesimes.length ? millesimes : [latest(PERIOD_MILLESIMES)];
    const byCode = codesFilter(query);
    return world.regional.filter((r) => byCode(r) && wanted.includes(r.millesime) && (!regions.length || regions.includes(r.region!.code)));
  };

  const regionOf = (code: string) =>
    world.regional.find((r) => r.region!.code === code)?.region ?? { code, nom: geography().region(code)?.name ?? '' };

  /** The API's routes under `base`: the host's root (legacy) or the gateway's prefix. */
  function routes(base: string): void {
    /**
     * A public single-item route, also served as an SVG widget with a `.svg` suffix: errors then
     * become an error image (`imageOnError=true`), an empty image (`empty`) or stay JSON (`false`).
     */
    const singleRoute = (path: string, lastParam: string, compute: (request: FastifyRequest) => unknown): void => {
      app.get(base + path, async (request, reply) => {
        const params = request.params as Record<string, string>;
        const svg = params[lastParam]!.endsWith('.svg');
        if (svg) params[lastParam] = params[lastParam]!.slice(0, -'.svg'.length);
        const query = request.query as Query;
        try {
          for (const [key, allowed] of [
            ['theme', ['dsfr', 'lba']],
            ['direction', ['vertical', 'horizontal']],
            ['imageOnError', ['true', 'false', 'empty']],
          ] as const) {
            const value = lastValue(query, key);
            if (value !== undefined && !(allowed as readonly string[]).includes(value))
              throw invalid(key, `"${key}" must be one of [${allowed.join(', ')}]`, 'any.only', value);
          }
          const result = compute(request) as Record<string, unknown>;
          return svg ? reply.type('image/svg+xml').send(widget(result, lastValue(query, 'direction') ?? 'vertical')) : result;
        } catch (error) {
          if (!(error instanceof HttpError)) throw error;
          const onError = lastValue(query, 'imageOnError') ?? 'false';
          if (svg && error.status === 404 && onError !== 'false') {
            return reply.type('image/svg+xml').send(onError === 'empty' ? EMPTY_SVG : errorWidget(String(error.body.message)));
          }
          return reply.code(error.status).send(error.body);
        }
      });
    };

    const listRoute = (
      path: string,
      allowed: string[],
      key: string,
      csvIdentity: string[],
      rows: (query: Query, request: FastifyRequest) => StatRow[],
    ): void => {
      const handler = (format: 'json' | 'csv') => async (request: FastifyRequest, reply: FastifyReply) =>
        send(reply, () => {
          requireCredential(request);
          const query = request.query as Query;
          checkParams(query, [...allowed, 'page', 'items_par_page', 'universe']);
          const { items, pagination } = pageOf(query, rows(query, request));
          const rendered = items.map((row) => render(row));
          if (format === 'json') return { [key]: rendered, pagination };
          return reply
            .type('text/csv; charset=UTF-8')
            .header('content-disposition', `attachment; filename=export-${new Date().toISOString().slice(0, 10)}.csv`)
            .send(
              toCsv(
                rendered.map((r) => ({
                  ...r,
                  region: (r.region as { nom?: string } | undefined)?.nom,
                  donnee_source_type: 'self',
                  donnee_source_code_certification: r.code_certification,
                })),
                csvIdentity,
              ),
            );
        });
      for (const suffix of ['', '.json']) app.get(`${base}${path}${suffix}`, handler('json'));
      app.get(`${base}${path}.csv`, handler('csv'));
    };

    listRoute(
      '/api/inserjeunes/certifications',
      ['millesimes', 'code_certifications'],
      'certifications',
      identityColumns,
      certificationRows,
    );
    listRoute(
      '/api/inserjeunes/formations',
      ['uais', 'regions', 'academies', 'millesimes', 'code_certifications'],
      'formations',
      ['uai', 'uai_type', 'uai_donnee', 'uai_donnee_type', ...identityColumns],
      formationRows,
    );
    listRoute(
      '/api/inserjeunes/regionales',
      ['regions', 'millesimes', 'code_certifications'],
      'regionales',
      ['region', ...identityColumns],
      regionalRows,
    );
    listRoute(
      '/api/inserjeunes/regionales/:region',
      ['region', 'millesimes', 'code_certifications'],
      'regionales',
      ['region', ...identityColumns],
      regionalRows,
    );

    singleRoute('/api/inserjeunes/certifications/:codes', 'codes', (request) => {
      const query = request.query as Query;
      checkParams(query, ['millesime', 'vue', 'universe', 'theme', 'direction', 'imageOnError']);
      const raw = (request.params as { codes: string }).codes;
      if (/\.(json|csv)$/.test(raw))
        throw invalid('codes', '"codes" must be a valid certification code.', 'codes_certification.invalid', raw);
      const codes = parseCodes(splitList(raw), 'codes_certifications');
      const millesime = checkMillesime(lastValue(query, 'millesime') ?? latest(NATIONAL_MILLESIMES), 'millesime');
      if (codes.length > 1 || lastValue(query, 'vue') === 'filieres')
        return filieresView(world, world.national, codes, millesime, () =>
          notFound('Certifications inconnues', 'ErrorCertificationsNotFound'),
        );
      return certificationAnswer(world, national, codes[0]!, millesime);
    });

    singleRoute('/api/inserjeunes/formations/:id', 'id', (request) => {
      const query = request.query as Query;
      checkParams(query, ['millesime', 'universe', 'theme', 'direction', 'imageOnError']);
      const id = (request.params as { id: string }).id;
      const separator = id.indexOf('-');
      const uai = id.slice(0, separator);
      if (separator < 0 || !/^[0-9]{7}[A-Z]$/.test(uai)) throw invalid('uai', '"uai" must be a valid UAI', 'uai.invalid', uai);
      const code = parseCode(id.slice(separator + 1), 'code_certification');
      const millesime = checkMillesime(lastValue(query, 'millesime') ?? '2024', 'millesime');
      if (!world.identities.has(code)) throw notFound('Formation inconnue', 'ErrorFormationNotExist');
      if (!world.establishments.has(uai)) throw notFound('Etablissement inconnu', 'ErrorEtablissementNotExist');
      const missing = () => notFound('Formation inconnue', 'ErrorFormationNotFound');
      const row = statRow(
        world,
        { rows: world.formations.filter((r) => r.uai === uai), unknown: missing, noRows: missing },
        code,
        millesime,
        (r) => r.millesime === millesime || r.millesime === otherForm(millesime),
      );
      return render(row, {
        titre: `Certification ${code}, établissement ${uai}`,
        details: `Données InserJeunes pour la certification ${code} dispensée par l'établissement ${uai}, pour le millésime ${row.millesime}`,
      });
    });

    singleRoute('/api/inserjeunes/regionales/:region/certifications/:codes', 'codes', (request) => {
      const query = request.query as Query;
      checkParams(query, ['millesime', 'vue', 'universe', 'theme', 'direction', 'imageOnError']);
      const params = request.params as { region: string; codes: string };
      const region = regionOf(parseRegion(params.region, 'region'));
      const codes = parseCodes(splitList(params.codes), 'codes_certifications');
      const millesime = checkMillesime(lastValue(query, 'millesime') ?? latest(PERIOD_MILLESIMES), 'millesime');
      const scope = regionalScope(region);
      if (codes.length > 1 || lastValue(query, 'vue') === 'filieres')
        return filieresView(world, scope.rows, codes, millesime, scope.noRows, region);
      return certificationAnswer(world, scope, codes[0]!, millesime);
    });

    for (const path of ['/api/inserjeunes/bcn', '/api/inserjeunes/bcn.json']) {
      app.get(base + path, async (request, reply) =>
        send(reply, () => {
          requireCredential(request);
          const query = request.query as Query;
          checkParams(query, ['page', 'items_par_page', 'ext']);
          const entries = [...world.identities.values()]
            .filter((i) => i.filiere !== 'superieur')
            .map((i) => ({
              type: i.code_certification_type === 'cfd' ? 'cfd' : 'mef',
              code_certification: i.code_certification,
              code_formation_diplome: i.code_formation_diplome,
              libelle: i.libelle,
              libelle_long: i.libelle,
              diplome: i.diplome,
              date_ouverture: '2019-09-01T00:00:00.000Z',
              ancien_diplome: [],
              nouveau_diplome: [],
            }));
          const { items, pagination } = pageOf(query, entries);
          return { bcn: items, pagination };
        }),
      );
    }

    app.get(`${base}/api`, async () => ({ version: '1.35.1', env: 'sandbox', healthcheck: { mongodb: true } }));
  }

  routes('');
  routes(OMOGEN_PREFIX);

  // The API's own login: gone behind the gateway (trajectoires-pro branch feat-suppression-auth).
  app.post('/api/inserjeunes/auth/login', async (request, reply) =>
    send(reply, () => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      for (const key of ['username', 'password']) {
        if (typeof body[key] !== 'string')
          throw validationError([{ message: `"${key}" is required`, path: [key], type: 'any.required', context: { key, label: key } }]);
      }
      if (body.username !== options.username || body.password !== options.password) {
        throw new HttpError(401, {
          statusCode: 401,
          error: 'Unauthorized',
          message: "Votre nom d'utilisateur ou votre mot de passe est invalide",
        });
      }
      const now = Math.floor(Date.now() / 1000);
      return { token: signJwt({ username: body.username, iat: now, exp: now + 86_400, iss: 'exposition-ij' }, options.jwtSecret) };
    }),
  );

  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?', 1)[0];
    return reply
      .code(404)
      .type('text/html; charset=utf-8')
      .send(
        `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot ${request.method} ${path}</pre>\n</body>\n</html>\n`,
      );
  });

  return app;
}
