import type { FastifyInstance } from 'fastify';
import { lastValue, type Query } from '../../http/query.js';
import { slugify } from '../../product.js';
import type { LemarcheContext } from '../context.js';
import type { Perimeter } from '../perimeters.js';
import { SECTORS, TENDER_AMOUNTS, TENDER_KINDS } from '../reference.js';

/** Buyers' side: posting a tender (validated, never stored), and the inclusive potential of a sector. */
export function registerTenderRoutes(app: FastifyInstance, { visibleSiaes, perimeters, authenticate }: LemarcheContext): void {
  app.post('/api/tenders/', async (request, reply) => {
    if (!authenticate(request, reply)) return reply;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const errors = tenderErrors(body, perimeters);
    if (Object.keys(errors).length > 0) return reply.code(400).send(errors);
    const slug = `${slugify(String(body.title))}-${Date.now().toString(36)}`;
    return reply.code(201).send({ ...body, slug });
  });

  // Undocumented aggregate counts for a sector and perimeter.
  app.get('/api/inclusive-potential/', async (request, reply) => {
    if (!authenticate(request, reply)) return reply;
    const query = request.query as Query;
    const sector = SECTORS.find((s) => s.slug === lastValue(query, 'sector'));
    if (!sector) return reply.code(400).send({ error: 'Secteur d’activité introuvable.' });
    const perimeterSlug = lastValue(query, 'perimeter');
    const perimeter = perimeterSlug === undefined ? undefined : perimeters.find((p) => p.slug === perimeterSlug);
    if (perimeterSlug !== undefined && !perimeter) return reply.code(400).send({ error: 'Périmètre introuvable.' });
    const inSector = visibleSiaes.filter((s) => s.sectors.some((x) => x.slug === sector.slug));
    const local = perimeter
      ? inSector.filter((s) =>
          perimeter.kind === 'CITY'
            ? perimeter.post_codes.includes(s.post_code)
            : perimeter.kind === 'DEPARTMENT'
              ? s.department === perimeter.insee_code
              : s.region === perimeter.name,
        )
      : inSector;
    return {
      sector: sector.name,
      sector_slug: sector.slug,
      perimeter: perimeter?.name ?? null,
      perimeter_slug: perimeter?.slug ?? null,
      potential_siaes: inSector.length,
      insertion_siaes: inSector.filter((s) => s.kind_parent === 'Insertion').length,
      handicap_siaes: inSector.filter((s) => s.kind_parent === 'Handicap').length,
      local_siaes: local.length,
      siaes_with_super_badge: 0,
      employees_insertion_average: 12,
      employees_permanent_average: 4,
    };
  });
}

/** DRF's field errors of a tender, in French. */
function tenderErrors(body: Record<string, unknown>, perimeters: Perimeter[]): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const required = 'Ce champ est obligatoire.';
  for (const field of ['title', 'description', 'contact_first_name', 'contact_last_name', 'contact_email']) {
    if (typeof body[field] !== 'string' || body[field] === '') errors[field] = [required];
  }
  if (!TENDER_KINDS.some((k) => k.id === body.kind)) errors.kind = [`« ${String(body.kind)} » n’est pas un choix valide.`];
  if (!Array.isArray(body.sectors) || body.sectors.length === 0) errors.sectors = [required];
  else if (body.sectors.some((slug) => !SECTORS.some((s) => s.slug === slug))) errors.sectors = ['Objet avec slug inexistant.'];
  if (typeof body.location !== 'string' || !perimeters.some((p) => p.slug === body.location))
    errors.location = ['Objet avec slug inexistant.'];
  if (typeof body.deadline_date !== 'string' || Number.isNaN(Date.parse(body.deadline_date)))
    errors.deadline_date = ['La date n’a pas le bon format.'];
  if (body.amount !== undefined && !TENDER_AMOUNTS.some((a) => a.id === body.amount))
    errors.amount = [`« ${String(body.amount)} » n’est pas un choix valide.`];
  return errors;
}
