import type { FastifyReply } from 'fastify';
import { CATEGORIES, FRAIS, geography, MODES_ACCUEIL, PUBLICS, slugify, THEMATIQUES, TYPES_SERVICES } from '../product.js';
import type { Territories } from './context.js';
import type { FastApiParams } from './params.js';
import type { DiService } from './world.js';

/*
 * Query parameters shared by the list endpoints, read as FastAPI reads them (issues collected
 * in `params`, answered 422 together), and the page envelope.
 */

/** Answers the parameters' issues with FastAPI's 422, if any; true when it did. */
export function rejectIssues(params: FastApiParams, reply: FastifyReply): boolean {
  if (params.issues.length === 0) return false;
  void reply.code(422).send({ detail: params.issues });
  return true;
}

/** fastapi-pagination's page: `items`, `total`, `page`, `size` (of this page), `pages`. */
export function paginate<T>(items: T[], page: number, size: number) {
  const slice = items.slice((page - 1) * size, page * size);
  return { items: slice, total: items.length, page, size: slice.length, pages: Math.ceil(items.length / size) };
}

/** Geographic filters shared by list endpoints (by code or slug); an issue is recorded on bad values. */
export function territoryFilter(params: FastApiParams, t: Territories) {
  const codeRegion =
    params.enumValue('code_region', t.regionCodes) ?? t.regionBySlug.get(params.enumValue('slug_region', t.regionSlugs) ?? '');
  const codeDepartement =
    params.enumValue('code_departement', t.departmentCodes) ??
    t.departmentBySlug.get(params.enumValue('slug_departement', t.departmentSlugs) ?? '');
  const codeCommune = params.string('code_commune', /^\w{5}$/);
  const regionOf = (codeInsee: string | null) => (codeInsee ? geography().commune(codeInsee)?.regionCode : undefined);
  return (codeInsee: string | null) =>
    (codeRegion === undefined || regionOf(codeInsee) === codeRegion) &&
    (codeDepartement === undefined || (codeInsee ?? '').startsWith(codeDepartement)) &&
    (codeCommune === undefined || codeInsee === codeCommune);
}

/** Service filters shared by /services, /search/services and /search. */
export function serviceFilter(params: FastApiParams) {
  const sources = params.stringList('sources');
  const themes = params.enumList('thematiques', [...THEMATIQUES, ...CATEGORIES]);
  // A category stands for all its themes.
  const wantedThemes =
    themes && new Set(themes.flatMap((v) => (v.includes('--') ? [v] : THEMATIQUES.filter((th) => th.startsWith(`${v}--`)))));
  const frais = params.enumList('frais', FRAIS);
  const publics = params.enumList('publics', PUBLICS);
  const publicsFilter = publics && !publics.includes('tous-publics') ? new Set(publics) : undefined;
  const recherchePublic = params.string('recherche_public');
  const modes = params.enumList('modes_accueil', MODES_ACCUEIL);
  const types = params.enumList('types', TYPES_SERVICES);
  const minimumScore = params.number('score_qualite_minimum');
  return (s: DiService) =>
    (!sources || sources.includes(s.source)) &&
    (!wantedThemes || (s.thematiques ?? []).some((th) => wantedThemes.has(th))) &&
    (!frais || (s.frais !== null && frais.includes(s.frais))) &&
    (!publicsFilter || (s.publics ?? []).some((p) => p === 'tous-publics' || publicsFilter.has(p))) &&
    (!recherchePublic || matchesWords(`${(s.publics ?? []).join(' ')} ${s.publics_precisions ?? ''}`, recherchePublic)) &&
    (!modes || (s.modes_accueil ?? []).some((m) => modes.includes(m))) &&
    (!types || (s.type !== null && types.includes(s.type))) &&
    (minimumScore === undefined || s.score_qualite >= minimumScore);
}

/** Every word of `query` appears in `text`, ignoring accents and case. */
export function matchesWords(text: string, query: string): boolean {
  const haystack = slugify(text);
  return slugify(query)
    .split('-')
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}
