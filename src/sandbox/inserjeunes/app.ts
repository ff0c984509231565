import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { geography } from '../../geography/index.js';
import type { SandboxControls } from '../controls.js';
import { createSimulatorApp, jsonBody } from '../http/app.js';
import { lastValue, type Query } from '../http/query.js';
import { signJwt, verifyJwt } from '../jwt.js';
import { ACADEMY_CODES, NATIONAL_MILLESIMES, PERIOD_MILLESIMES, REGION_CODES } from './reference.js';
import { COMMON_YEAR, NON_TERMINAL_YEAR, type InserJeunesWorld, type StatRow, type Stats } from './world.js';

export interface InserJeunesOptions {
  /** The shared legacy API key accepted in `x-api-key`. */
  apiKey: string;
  /** Account accepted by `/auth/login`. */
  username: string;
  password: string;
  jwtSecret: string;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.message));
  }
}

const notFound = (message: string, data?: unknown) =>
  new HttpError(404, { statusCode: 404, error: 'Not Found', message, ...(data ? { data } : {}) });

function validationError(
  details: { message: string; path: (string | number)[]; type: string; context: Record<string, unknown> }[],
): HttpError {
  return new HttpError(400, { statusCode: 400, error: 'Bad Request', message: 'Erreur de validation', details });
}

function invalid(key: string, message: string, type: string, value: unknown, extra: Record<string, unknown> = {}): HttpError {
  return validationError([{ message, path: [key], type, context: { key, label: key, value, ...extra } }]);
}

/** Rejects any parameter the route does not declare, as the server's strict Joi schema does. */
function checkParams(query: Query, allowed: string[]): void {
  for (const key of Object.keys(query)) {
    if (!allowed.includes(key))
      throw validationError([
        {
          message: `"${key}" is not allowed`,
          path: [key],
          type: 'object.unknown',
          context: { child: key, key, label: key, value: query[key] },
        },
      ]);
  }
}

/** `CFD:`/`MEFSTAT11:` prefixes are optional; `SISE:` is mandatory for higher-education codes. */
function parseCode(raw: string, key: string): string {
  const match = /^(?:CFD:([0-9A-Z]{8})|MEFSTAT11:([0-9A-Z]{11})|SISE:([0-9A-Z]{7})|([0-9A-Z]{8})|([0-9A-Z]{11}))$/.exec(raw);
  if (!match) throw invalid(key, `"${key}" must have the type CFD, MEFSTAT11 or SISE`, 'codes_certification.invalid', raw);
  return match.slice(1).find(Boolean)!;
}

function splitList(raw: string | undefined): string[] {
  return raw === undefined ? [] : raw.split(/[,|]/).filter(Boolean);
}

function checkMillesime(value: string, key: string): string {
  const match = /^([0-9]{4})(_([0-9]{4}))?$/.exec(value);
  if (!match || (match[3] !== undefined && Number(match[3]) < Number(match[1]))) {
    throw invalid(key, `"${key}" must have format XXXX or XXXX-1_XXXX`, 'millesime.invalid', value);
  }
  return value;
}

/** `2024` and `2023_2024` name the same school year. */
function otherForm(millesime: string): string {
  const [first, second] = millesime.split('_');
  return second ? second : `${Number(first) - 1}_${first}`;
}

/** A region code, or a postal code turned into its region. */
function parseRegion(value: string, key: string): string {
  if (/^\d{5}$/.test(value)) {
    const commune = geography().communesOfPostalCode(value)[0];
    if (!commune) throw invalid(key, `"${key}" must be a valid postal code or region code`, 'postal_code.invalid', value);
    return commune.regionCode;
  }
  if (!REGION_CODES.includes(value))
    throw invalid(key, `"${key}" must be one of [${REGION_CODES.join(', ')}]`, 'any.only', value, { valids: REGION_CODES });
  return value;
}

function pageOf<T>(query: Query, items: T[]): { items: T[]; pagination: Record<string, number> } {
  const page = Math.max(1, Number(lastValue(query, 'page')) || 1);
  const perPage = Number(lastValue(query, 'items_par_page')) || 10;
  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    pagination: { page, items_par_page: perPage, nombre_de_page: Math.max(1, Math.ceil(items.length / perPage)), total: items.length },
  };
}

const EMPTY_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>';

function errorWidget(message: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="60"><text x="10" y="35">${message.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</text></svg>`;
}

/** The InserJeunes widget: the main rates as bars. */
function widget(row: Record<string, unknown>, direction: string): string {
  const rates = [
    ['En emploi 6 mois', row.taux_en_emploi_6_mois],
    ['En formation', row.taux_en_formation],
    ['Autres', row.taux_autres_6_mois],
  ] as const;
  const bars = rates
    .map(([label, value], i) => {
      const [x, y] = direction === 'horizontal' ? [10 + i * 110, 20] : [10, 20 + i * 30];
      return `<text x="${x}" y="${y}">${label} : ${value ?? '–'} %</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="340" height="110">${bars}</svg>`;
}

const SMALL_COHORT = "Les taux ne peuvent pas être affichés car il n'y a pas assez d'élèves pour fournir une information fiable.";

/** A row as the API serialises it; `_meta` on lists only when it carries a message. */
function render(row: StatRow, meta?: { titre: string; details: string }): Record<string, unknown> {
  const { stats, ...identity } = row;
  const messages = stats.nb_annee_term !== null && (stats.nb_annee_term ?? 0) < 20 ? [SMALL_COHORT] : [];
  const out: Record<string, unknown> = {
    ...identity,
    formation_fermee: false,
    donnee_source: { code_certification: row.code_certification, type: 'self' },
    ...stats,
  };
  if (meta) out._meta = { ...(messages.length ? { messages } : {}), ...meta };
  else if (messages.length) out._meta = { messages };
  return out;
}

function sumStats(rows: StatRow[]): Stats {
  const sums: Record<string, number> = {};
  for (const row of rows)
    for (const [key, value] of Object.entries(row.stats)) if (key.startsWith('nb_') && value !== null) sums[key] = (sums[key] ?? 0) + value;
  const students = sums.nb_annee_term ?? 0;
  const stats: Stats = { ...sums };
  if (students > 0) {
    for (const months of [6, 12, 18, 24])
      stats[`taux_en_emploi_${months}_mois`] = Math.round((100 * (sums[`nb_en_emploi_${months}_mois`] ?? 0)) / students);
    stats.taux_en_formation = Math.round((100 * (sums.nb_poursuite_etudes ?? 0)) / students);
  }
  return stats;
}

function toCsv(rows: Record<string, unknown>[], identity: string[]): string {
  const statKeys = [...new Set(rows.flatMap((r) => Object.keys(r).filter((k) => /^(nb|taux|salaire)_/.test(k))))].sort();
  const columns = [...identity, ...statKeys];
  const cell = (v: unknown) => (v === null ? 'null' : v === undefined ? '' : String(v));
  return [columns.join(';'), ...rows.map((r) => columns.map((c) => cell(r[c])).join(';'))].join('\n') + '\n';
}

export function createInserJeunesApp(world: InserJeunesWorld, controls: SandboxControls, options: InserJeunesOptions): FastifyInstance {
  const app = createSimulatorApp('inserjeunes', controls, {
    status: (status) =>
      jsonBody({
        statusCode: status,
        error: status >= 500 ? 'Internal Server Error' : 'Error',
        message: status >= 500 ? 'An internal server error occurred' : 'Error',
      }),
    rateLimited: () => ({ contentType: 'text/html', body: '<html><head><title>503 Service Temporarily Unavailable</title></head></html>' }),
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  /** `?apiKey=` is moved into the header before validation, so it never counts as unknown. */
  function credentialOf(request: FastifyRequest): string | undefined {
    const query = request.query as Query;
    const fromQuery = lastValue(query, 'apiKey');
    delete query.apiKey;
    const header = request.headers['x-api-key'];
    const bearer = request.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
    return fromQuery ?? (typeof header === 'string' ? header : undefined) ?? bearer;
  }

  function requireCredential(request: FastifyRequest): void {
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

  /**
   * A public single-item route, also served as an SVG widget with a `.svg` suffix: errors then
   * become an error image (`imageOnError=true`), an empty image (`empty`) or stay JSON (`false`).
   */
  function singleRoute(path: string, lastParam: string, compute: (request: FastifyRequest) => unknown): void {
    app.get(path, async (request, reply) => {
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
  }

  function listRoute(
    path: string,
    allowed: string[],
    key: string,
    csvIdentity: string[],
    rows: (query: Query, request: FastifyRequest) => StatRow[],
  ): void {
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
    app.get(path, handler('json'));
    app.get(`${path}.json`, handler('json'));
    app.get(`${path}.csv`, handler('csv'));
  }

  const codesFilter = (query: Query) => {
    const codes = splitList(lastValue(query, 'code_certifications')).map((c) => parseCode(c, 'code_certifications'));
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

  listRoute('/api/inserjeunes/certifications', ['millesimes', 'code_certifications'], 'certifications', identityColumns, (query) => {
    const millesimes = splitList(lastValue(query, 'millesimes')).map((m) => checkMillesime(m, 'millesimes'));
    const byCode = codesFilter(query);
    const latest = NATIONAL_MILLESIMES[NATIONAL_MILLESIMES.length - 1]!;
    return world.national.filter((r) => byCode(r) && (millesimes.length ? millesimes.includes(r.millesime) : r.millesime === latest));
  });

  const formationRows = (query: Query) => {
    const millesimes = splitList(lastValue(query, 'millesimes')).map((m) => checkMillesime(m, 'millesimes'));
    const wanted = new Set(
      millesimes.length ? millesimes.flatMap((m) => [m, otherForm(m)]) : [PERIOD_MILLESIMES[PERIOD_MILLESIMES.length - 1]!],
    );
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
  listRoute(
    '/api/inserjeunes/formations',
    ['uais', 'regions', 'academies', 'millesimes', 'code_certifications'],
    'formations',
    ['uai', 'uai_type', 'uai_donnee', 'uai_donnee_type', ...identityColumns],
    formationRows,
  );

  const regionalRows = (query: Query, request: FastifyRequest) => {
    const pathRegion = (request.params as { region?: string }).region;
    const regions =
      pathRegion !== undefined
        ? [parseRegion(pathRegion.replace(/\.(json|csv)$/, ''), 'region')]
        : splitList(lastValue(query, 'regions')).map((r) => parseRegion(r, 'regions'));
    const millesimes = splitList(lastValue(query, 'millesimes')).map((m) => checkMillesime(m, 'millesimes'));
    const wanted = millesimes.length ? millesimes : [PERIOD_MILLESIMES[PERIOD_MILLESIMES.length - 1]!];
    const byCode = codesFilter(query);
    return world.regional.filter((r) => byCode(r) && wanted.includes(r.millesime) && (!regions.length || regions.includes(r.region!.code)));
  };
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

  /** Rows for one code and millésime, or the API's 404 explaining what is missing. */
  function oneRow(
    rows: StatRow[],
    code: string,
    millesime: string,
    unknownMessage: string,
    matches: (r: StatRow) => boolean = (r) => r.millesime === millesime,
  ): StatRow {
    const forCode = rows.filter((r) => r.code_certification === code);
    if (forCode.length === 0) throw notFound(unknownMessage);
    const row = forCode.find(matches);
    if (!row)
      throw notFound('Pas de données pour le millésime', {
        millesime,
        millesimesDisponible: [...new Set(forCode.map((r) => r.millesime))].sort().reverse(),
      });
    return row;
  }

  /** The filière view: codes mapped to their diplomas, rows of each track added up. */
  function filieres(rows: StatRow[], codes: string[], millesime: string, unknownMessage: string, region?: { code: string; nom: string }) {
    const cfds = new Set(codes.map((c) => world.identities.get(c)?.code_formation_diplome).filter(Boolean));
    const selected = rows.filter(
      (r) => r.millesime === millesime && cfds.has(r.code_formation_diplome) && (r.filiere === 'pro' || r.filiere === 'apprentissage'),
    );
    if (selected.length === 0) throw notFound(unknownMessage);
    const out: Record<string, unknown> = {};
    for (const filiere of ['pro', 'apprentissage'] as const) {
      const group = selected.filter((r) => r.filiere === filiere);
      if (group.length === 0) continue;
      const diplomas = [...new Set(group.map((r) => r.code_formation_diplome!))];
      out[filiere] = {
        millesime,
        filiere,
        codes_certifications: group.map((r) => r.code_certification),
        codes_formation_diplome: diplomas,
        ...(diplomas.length === 1 ? { code_formation_diplome: diplomas[0], libelle: group[0]!.libelle, formation_fermee: false } : {}),
        ...(new Set(group.map((r) => r.diplome.code)).size === 1 ? { diplome: group[0]!.diplome } : {}),
        ...(region ? { region } : {}),
        ...sumStats(group),
      };
    }
    return out;
  }

  singleRoute('/api/inserjeunes/certifications/:codes', 'codes', (request) => {
    const query = request.query as Query;
    checkParams(query, ['millesime', 'vue', 'universe', 'theme', 'direction', 'imageOnError']);
    const raw = (request.params as { codes: string }).codes;
    if (/\.(json|csv)$/.test(raw))
      throw invalid('codes', '"codes" must be a valid certification code.', 'codes_certification.invalid', raw);
    const codes = splitList(raw).map((c) => parseCode(c, 'code_certification'));
    const millesime = checkMillesime(lastValue(query, 'millesime') ?? NATIONAL_MILLESIMES[NATIONAL_MILLESIMES.length - 1]!, 'millesime');
    if (codes.length > 1 || lastValue(query, 'vue') === 'filieres')
      return filieres(world.national, codes, millesime, 'Certifications inconnues');
    const code = codes[0]!;
    const meta = (c: string) => ({
      titre: `Certification ${c}`,
      details: `Données InserJeunes pour la certification ${c} pour le millésime ${millesime}`,
    });
    if (code === COMMON_YEAR.mef11) {
      const terminales = COMMON_YEAR.terminales
        .map((t) => {
          const row = world.national.find((r) => r.code_certification === t && r.millesime === millesime);
          return row ? render(row) : { error: 'DataNotFoundError', millesimes: [millesime], code_certification: t };
        })
        .sort((a, b) => String((a as { libelle?: string }).libelle ?? '').localeCompare(String((b as { libelle?: string }).libelle ?? '')));
      return {
        millesime,
        code_certification: code,
        code_certification_type: 'mef11',
        libelle: COMMON_YEAR.libelle,
        filiere: 'pro',
        familleMetier: COMMON_YEAR.famille,
        formation_fermee: false,
        certificationsTerminales: terminales,
        _meta: meta(code),
      };
    }
    const target = code === NON_TERMINAL_YEAR.mef11 ? NON_TERMINAL_YEAR.terminal : code;
    return render(oneRow(world.national, target, millesime, 'Certification inconnue'), meta(target));
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
    if (!world.identities.has(code)) throw notFound('Formation inconnue');
    if (!world.establishments.has(uai)) throw notFound('Etablissement inconnu');
    const rows = world.formations.filter((r) => r.uai === uai);
    const row = oneRow(
      rows,
      code,
      millesime,
      'Formation inconnue',
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
    const regionCode = parseRegion(params.region, 'region');
    const region = world.regional.find((r) => r.region!.code === regionCode)?.region ?? {
      code: regionCode,
      nom: geography().region(regionCode)?.name ?? '',
    };
    const codes = splitList(params.codes).map((c) => parseCode(c, 'code_certification'));
    const millesime = checkMillesime(lastValue(query, 'millesime') ?? PERIOD_MILLESIMES[PERIOD_MILLESIMES.length - 1]!, 'millesime');
    const rows = world.regional.filter((r) => r.region!.code === regionCode);
    if (codes.length > 1 || lastValue(query, 'vue') === 'filieres')
      return filieres(rows, codes, millesime, 'Pas de données disponibles', region);
    const code = codes[0]!;
    if (!world.identities.has(code)) throw notFound('Formation inconnue');
    const row = oneRow(rows, code, millesime, 'Pas de données disponibles');
    return render(row, {
      titre: `Certification ${code}`,
      details: `Données InserJeunes pour la certification ${code} pour le millésime ${millesime} dans la région ${region.nom}`,
    });
  });

  for (const path of ['/api/inserjeunes/bcn', '/api/inserjeunes/bcn.json']) {
    app.get(path, async (request, reply) =>
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

  app.get('/api', async () => ({ version: '1.35.1', env: 'sandbox', healthcheck: { mongodb: true } }));

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
