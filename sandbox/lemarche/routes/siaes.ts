import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { allValues, lastValue, type Query } from '../../http/query.js';
import type { LemarcheContext } from '../context.js';
import { orderedForWindow, page, pageParams } from '../paging.js';
import { NETWORKS, PRESTA_TYPES, SECTORS, SIAE_KINDS } from '../reference.js';
import type { Siae } from '../world.js';

/** The SIAE: the filtered list (`/api/siae/`, and `.json`), and one SIAE by SIRET, SIREN, slug or id. */
export function registerSiaeRoutes(app: FastifyInstance, context: LemarcheContext): void {
  const { world, visibleSiaes, bySiret, authenticate } = context;
  const listSiaes = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!authenticate(request, reply)) return reply;
    const query = request.query as Query;
    const errors = invalidChoices(query);
    if (errors) return reply.code(400).send(errors);
    const items = visibleSiaes.filter(siaeFilter(query));
    return page(request, orderedForWindow(items, pageParams(query)));
  };
  app.get('/api/siae/', listSiaes);
  // DRF's format suffix: the same list as JSON.
  app.get('/api/siae.json', listSiaes);

  app.get('/api/siae/siret/:siret/', async (request, reply) => {
    if (!authenticate(request, reply)) return reply;
    const { siret } = request.params as { siret: string };
    if (siret.length !== 14) return reply.code(400).type('text/html; charset=utf-8').send('siret must be 14 caracters long');
    return bySiret.get(siret) ?? [];
  });

  app.get('/api/siae/siren/:siren/', async (request, reply) => {
    if (!authenticate(request, reply)) return reply;
    const { siren } = request.params as { siren: string };
    if (siren.length !== 9) return reply.code(400).type('text/html; charset=utf-8').send('siren must be 9 caracters long');
    return visibleSiaes.filter((s) => s.siret.startsWith(siren));
  });

  app.get('/api/siae/slug/:slug/', async (request, reply) => {
    if (!authenticate(request, reply)) return reply;
    const found = visibleSiaes.find((s) => s.slug === (request.params as { slug: string }).slug);
    return found ?? reply.code(404).send({ detail: 'No Siae matches the given query.' });
  });

  app.get('/api/siae/:id/', async (request, reply) => {
    if (!authenticate(request, reply)) return reply;
    const { id } = request.params as { id: string };
    if (!/^\d+$/.test(id)) return reply.code(404).send({ detail: 'Non trouvé.' });
    const found = world.byId.get(Number(id));
    return found && found.kind !== 'OPCS' ? found : reply.code(404).send({ detail: 'No Siae matches the given query.' });
  });
}

/** django-filter in strict mode: an unknown choice is a 400 keyed by field. */
function invalidChoices(query: Query): Record<string, string[]> | undefined {
  const errors: Record<string, string[]> = {};
  const check = (name: string, allowed: string[]) => {
    const bad = allValues(query, name).filter((v) => !allowed.includes(v));
    if (bad.length > 0) errors[name] = [`Sélectionnez un choix valide. ${bad[0]} n’en fait pas partie.`];
  };
  check(
    'kind',
    SIAE_KINDS.map((k) => k.id),
  );
  check(
    'presta_types',
    PRESTA_TYPES.map((p) => p.id),
  );
  check(
    'sectors',
    SECTORS.map((s) => s.slug),
  );
  check(
    'networks',
    NETWORKS.map((n) => n.slug),
  );
  for (const name of ['updated_at_after', 'updated_at_before']) {
    const value = lastValue(query, name);
    if (value !== undefined && Number.isNaN(Date.parse(value))) errors[name] = ['Saisissez une date/heure valide.'];
  }
  const active = lastValue(query, 'is_active');
  if (active !== undefined && !['true', 'false', '1', '0', 'True', 'False'].includes(active))
    errors.is_active = ['Sélectionnez un choix valide.'];
  return Object.keys(errors).length > 0 ? errors : undefined;
}

/** The list's filters, once their choices are valid. */
function siaeFilter(query: Query): (s: Siae) => boolean {
  const kinds = allValues(query, 'kind');
  const presta = allValues(query, 'presta_types');
  const sectors = allValues(query, 'sectors');
  const networks = allValues(query, 'networks');
  const department = lastValue(query, 'department');
  const active = lastValue(query, 'is_active');
  const after = lastValue(query, 'updated_at_after');
  const before = lastValue(query, 'updated_at_before');
  return (s) =>
    (kinds.length === 0 || kinds.includes(s.kind)) &&
    (presta.length === 0 || s.presta_types.some((p) => presta.includes(p))) &&
    (sectors.length === 0 || s.sectors.some((x) => sectors.includes(x.slug))) &&
    (networks.length === 0 || s.networks.some((x) => networks.includes(x.slug))) &&
    (department === undefined || department === '' || s.department === department) &&
    (active === undefined || s.is_active === ['true', '1', 'True'].includes(active)) &&
    (after === undefined || (s.updated_at !== null && Date.parse(s.updated_at) >= Date.parse(after))) &&
    (before === undefined || (s.updated_at !== null && Date.parse(s.updated_at) <= Date.parse(before)));
}
