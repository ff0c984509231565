import { HttpError, notFound } from './errors.js';
import { render } from './render.js';
import type { InserJeunesWorld, StatRow } from './world.js';

/** Where one certification's figures are looked up: the whole country, or one region. */
export interface Scope {
  rows: StatRow[];
  /** The millésimes the scope publishes, oldest first. */
  millesimes: string[];
  /** The 404 for a code the nomenclature does not know. */
  unknown: () => HttpError;
  /** The 404 for a known code without any row in the scope. */
  noRows: () => HttpError;
  region?: { code: string; nom: string };
  meta(code: string, millesime: string): { titre: string; details: string };
}

/** The row of one code and millésime, or the server's 404 saying what is missing. */
export function statRow(
  world: InserJeunesWorld,
  scope: Pick<Scope, 'rows' | 'unknown' | 'noRows'>,
  code: string,
  millesime: string,
  matches: (row: StatRow) => boolean = (row) => row.millesime === millesime,
): StatRow {
  const forCode = scope.rows.filter((r) => r.code_certification === code);
  if (forCode.length === 0) throw world.identities.has(code) || world.nonTerminalYears.has(code) ? scope.noRows() : scope.unknown();
  const row = forCode.find(matches);
  if (!row) throw noDataForMillesime(millesime, [...new Set(forCode.map((r) => r.millesime))]);
  return row;
}

function noDataForMillesime(millesime: string, available: string[]): HttpError {
  return notFound('Pas de données pour le millésime', 'ErrorNoDataForMillesime', {
    millesime,
    millesimesDisponible: [...available].sort().reverse(),
  });
}

/**
 * One certification's answer, non-final years included: with a single final year (and no
 * common year) the final year's own answer; otherwise the figure-less year with each final
 * year's figures, or a stub naming the error, in `certificationsTerminales` (the server's
 * `statsAnneeTerminale`, trajectoires-pro `server/src/common/stats.js`).
 */
export function certificationAnswer(world: InserJeunesWorld, scope: Scope, code: string, millesime: string): Record<string, unknown> {
  const year = world.nonTerminalYears.get(code);
  if (!year) return render(statRow(world, scope, code, millesime), scope.meta(code, millesime));
  if (!scope.millesimes.includes(millesime)) throw noDataForMillesime(millesime, scope.millesimes);
  if (year.terminales.length === 1 && year.familleMetier?.isAnneeCommune !== true) {
    const terminal = year.terminales[0]!;
    return render(statRow(world, scope, terminal, millesime), scope.meta(terminal, millesime));
  }
  const terminales = year.terminales
    .map((terminal) => {
      try {
        return render(statRow(world, scope, terminal, millesime));
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        return { error: error.kind, millesimes: millesime.split('_'), code_certification: terminal };
      }
    })
    .sort((a, b) => (String((a as { libelle?: string }).libelle) > String((b as { libelle?: string }).libelle) ? 1 : -1));
  const base: StatRow = { ...year.identity, millesime, stats: {}, ...(scope.region ? { region: scope.region } : {}) };
  return {
    ...render(base, scope.meta(code, millesime)),
    ...(year.familleMetier ? { familleMetier: year.familleMetier } : {}),
    certificationsTerminales: terminales,
  };
}
