import type { FastifyRequest } from 'fastify';
import { lastValue, type Query } from '../http/query.js';
import { geography } from '../product.js';
import type { Scope } from './certification-answer.js';
import { invalid, notFound } from './errors.js';
import { checkMillesime, otherForm, parseCodes, parseRegion, splitList } from './params.js';
import { ACADEMY_CODES, NATIONAL_MILLESIMES, PERIOD_MILLESIMES } from './reference.js';
import type { InserJeunesWorld, StatRow } from './world.js';

/*
 * Which rows each route reads: the national, regional and per-establishment figures its
 * parameters select, and the scopes single-certification answers are looked up in.
 */

export const latest = (millesimes: string[]) => millesimes[millesimes.length - 1]!;

/** National figures, by certification and year. */
export function nationalScope(world: InserJeunesWorld): Scope {
  return {
    rows: world.national,
    millesimes: NATIONAL_MILLESIMES,
    unknown: () => notFound('Certification inconnue', 'ErrorCertificationNotFound'),
    noRows: () => notFound('Certification inconnue', 'ErrorCertificationNotFound'),
    meta: (code, millesime) => ({
      titre: `Certification ${code}`,
      details: `Données InserJeunes pour la certification ${code} pour le millésime ${millesime}`,
    }),
  };
}

/** A region's figures, by certification and period. */
export function regionalScope(world: InserJeunesWorld, region: { code: string; nom: string }): Scope {
  return {
    rows: world.regional.filter((r) => r.region!.code === region.code),
    millesimes: PERIOD_MILLESIMES,
    unknown: () => notFound('Formation inconnue', 'ErrorFormationNotExist'),
    noRows: () => notFound('Pas de données disponibles', 'ErrorRegionaleNotFound'),
    region,
    meta: (code, millesime) => ({
      titre: `Certification ${code}`,
      details: `Données InserJeunes pour la certification ${code} pour le millésime ${millesime} et la région ${region.nom}`,
    }),
  };
}

/** A region as the API names it: from its rows, else from the geography. */
export function regionOf(world: InserJeunesWorld, code: string): { code: string; nom: string } {
  return world.regional.find((r) => r.region!.code === code)?.region ?? { code, nom: geography().region(code)?.name ?? '' };
}

/** `code_certifications`: every row when absent. */
function codesFilter(query: Query) {
  const codes = parseCodes(splitList(lastValue(query, 'code_certifications')), 'code_certifications');
  return (row: StatRow) => codes.length === 0 || codes.includes(row.code_certification);
}

/** `/certifications`: national rows of the millésimes asked (the latest by default). */
export function certificationRows(world: InserJeunesWorld, query: Query): StatRow[] {
  const millesimes = splitList(lastValue(query, 'millesimes')).map((m) => checkMillesime(m, 'millesimes'));
  const byCode = codesFilter(query);
  const wanted = millesimes.length ? millesimes : [latest(NATIONAL_MILLESIMES)];
  return world.national.filter((r) => byCode(r) && wanted.includes(r.millesime));
}

/** `/formations`: per-establishment rows, by UAI, region or academy; a millésime in either form. */
export function formationRows(world: InserJeunesWorld, query: Query): StatRow[] {
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
}

/** `/regionales` and `/regionales/:region`: regional rows of the periods asked (the latest by default). */
export function regionalRows(world: InserJeunesWorld, query: Query, request: FastifyRequest): StatRow[] {
  const pathRegion = (request.params as { region?: string }).region;
  const regions =
    pathRegion !== undefined
      ? [parseRegion(pathRegion.replace(/\.(json|csv)$/, ''), 'region')]
      : splitList(lastValue(query, 'regions')).map((r) => parseRegion(r, 'regions'));
  const millesimes = splitList(lastValue(query, 'millesimes')).map((m) => checkMillesime(m, 'millesimes'));
  const wanted = millesimes.length ? millesimes : [latest(PERIOD_MILLESIMES)];
  const byCode = codesFilter(query);
  return world.regional.filter((r) => byCode(r) && wanted.includes(r.millesime) && (!regions.length || regions.includes(r.region!.code)));
}
