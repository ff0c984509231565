import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Query } from '../../http/query.js';
import type { InserJeunesContext } from '../context.js';
import { answerHttpErrors, checkParams } from '../errors.js';
import { pageOf } from '../params.js';
import { render, toCsv } from '../render.js';
import { certificationRows, formationRows, regionalRows } from '../rows.js';
import type { StatRow } from '../world.js';

/** Columns that identify a row in CSV exports, before its figures. */
const IDENTITY_COLUMNS = [
  'code_certification',
  'code_formation_diplome',
  'filiere',
  'millesime',
  'donnee_source_type',
  'donnee_source_code_certification',
];

interface ListRoute {
  path: string;
  /** Query parameters it declares (paging ones aside). */
  allowed: string[];
  /** Key of the rows in the JSON answer. */
  key: string;
  /** Identity columns of its CSV export. */
  csvIdentity: string[];
  rows: (query: Query, request: FastifyRequest) => StatRow[];
}

/** The paged lists under `base`, as JSON (bare or `.json`) and CSV (`.csv`); authenticated. */
export function registerListRoutes(app: FastifyInstance, base: string, context: InserJeunesContext): void {
  const { world } = context;
  const lists: ListRoute[] = [
    {
      path: '/api/inserjeunes/certifications',
      allowed: ['millesimes', 'code_certifications'],
      key: 'certifications',
      csvIdentity: IDENTITY_COLUMNS,
      rows: (query) => certificationRows(world, query),
    },
    {
      path: '/api/inserjeunes/formations',
      allowed: ['uais', 'regions', 'academies', 'millesimes', 'code_certifications'],
      key: 'formations',
      csvIdentity: ['uai', 'uai_type', 'uai_donnee', 'uai_donnee_type', ...IDENTITY_COLUMNS],
      rows: (query) => formationRows(world, query),
    },
    {
      path: '/api/inserjeunes/regionales',
      allowed: ['regions', 'millesimes', 'code_certifications'],
      key: 'regionales',
      csvIdentity: ['region', ...IDENTITY_COLUMNS],
      rows: (query, request) => regionalRows(world, query, request),
    },
    {
      path: '/api/inserjeunes/regionales/:region',
      allowed: ['region', 'millesimes', 'code_certifications'],
      key: 'regionales',
      csvIdentity: ['region', ...IDENTITY_COLUMNS],
      rows: (query, request) => regionalRows(world, query, request),
    },
  ];
  for (const list of lists) {
    const handler = (format: 'json' | 'csv') => async (request: FastifyRequest, reply: FastifyReply) =>
      answerHttpErrors(reply, () => answerList(list, format, context, request, reply));
    for (const suffix of ['', '.json']) app.get(`${base}${list.path}${suffix}`, handler('json'));
    app.get(`${base}${list.path}.csv`, handler('csv'));
  }
}

function answerList(list: ListRoute, format: 'json' | 'csv', context: InserJeunesContext, request: FastifyRequest, reply: FastifyReply) {
  context.requireCredential(request);
  const query = request.query as Query;
  checkParams(query, [...list.allowed, 'page', 'items_par_page', 'universe']);
  const { items, pagination } = pageOf(query, list.rows(query, request));
  const rendered = items.map((row) => render(row));
  if (format === 'json') return { [list.key]: rendered, pagination };
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
        list.csvIdentity,
      ),
    );
}
