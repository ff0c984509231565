import type { z } from 'zod';
import type { Fetched, QueryParams, SourceCalls } from '../../policies/source.js';
import { asGiven, asPeriod, asYear, newestMillesime } from './millesime.js';
import {
  certificationAnswerSchema,
  certificationsPageSchema,
  formationAnswerSchema,
  formationsPageSchema,
  regionalAnswerSchema,
  regionalesPageSchema,
  type NotFoundBody,
} from './schemas.js';
import { pathOf } from '../../policies/path.js';

export interface StatsListFilter {
  codes?: string[];
  regions?: string[];
  uais?: string[];
  millesimes?: string[];
}

export interface InserJeunesClientOptions {
  /**
   * Reached through the Omogen gateway (OAuth2 token), where every route needs the credential.
   * On the legacy host only the list routes do, and single-item reads go without it.
   */
  behindGateway?: boolean;
}

type Answer = typeof certificationAnswerSchema | typeof regionalAnswerSchema | typeof formationAnswerSchema;
type Row<S extends Answer> = Exclude<z.output<S>, NotFoundBody>;

// Figures never carry `statusCode`; the API's error bodies always do.
const isNotFound = (value: unknown): value is NotFoundBody => typeof value === 'object' && value !== null && 'statusCode' in value;

/**
 * InserJeunes exposition API. Any parameter a route does not declare is a 400 upstream, so each
 * method sends exactly the route's own parameters; lists are joined with `,`. Millésimes are
 * turned into the form each route takes (see millesime.ts) before any call.
 */
export class InserJeunesClient {
  private readonly behindGateway: boolean;

  constructor(
    private readonly source: SourceCalls,
    options: InserJeunesClientOptions = {},
  ) {
    // The live API has been behind the gateway since 2026-01-31: that is the default.
    this.behindGateway = options.behindGateway ?? true;
  }

  /** National figures for one code; null when unknown or without data. */
  certification(code: string, millesime?: string) {
    return this.single(pathOf('api', 'inserjeunes', 'certifications', code), certificationAnswerSchema, millesime, asYear);
  }

  regionalCertification(region: string, code: string, millesime?: string) {
    return this.single(
      pathOf('api', 'inserjeunes', 'regionales', region, 'certifications', code),
      regionalAnswerSchema,
      millesime,
      asPeriod,
    );
  }

  formation(uai: string, code: string, millesime?: string) {
    return this.single(pathOf('api', 'inserjeunes', 'formations', `${uai}-${code}`), formationAnswerSchema, millesime, asGiven);
  }

  // Async so that a malformed millésime rejects the call rather than throwing at the caller.
  async formations(filter: StatsListFilter, paging: { page: number; perPage: number }) {
    return this.source.get(
      { path: '/api/inserjeunes/formations', query: listQuery(filter, paging, true, asGiven), authenticated: true },
      formationsPageSchema,
    );
  }

  async certifications(filter: Omit<StatsListFilter, 'regions' | 'uais'>, paging: { page: number; perPage: number }) {
    return this.source.get(
      { path: '/api/inserjeunes/certifications', query: listQuery(filter, paging, false, asYear), authenticated: true },
      certificationsPageSchema,
    );
  }

  async regionales(filter: Omit<StatsListFilter, 'uais'>, paging: { page: number; perPage: number }) {
    return this.source.get(
      { path: '/api/inserjeunes/regionales', query: listQuery(filter, paging, false, asPeriod), authenticated: true },
      regionalesPageSchema,
    );
  }

  /**
   * A single-item read. Its 404 "Pas de données pour le millésime" lists the millésimes that
   * have figures: when the caller asked for none, the answer is the newest of them (one more
   * call); when they asked for one, it is null, as for any other 404.
   */
  private async single<S extends Answer>(
    path: string,
    schema: S,
    millesime: string | undefined,
    form: (millesime: string) => string,
  ): Promise<Fetched<Row<S> | null>> {
    const query = millesime === undefined ? undefined : form(millesime);
    const ask = (value: string | undefined) =>
      this.source.get(
        { path, query: value ? [['millesime', value]] : [], authenticated: this.behindGateway, keepNotFoundBody: true },
        schema,
      );
    const first = await ask(query);
    if (first.value === null || !isNotFound(first.value)) return first as Fetched<Row<S> | null>;
    const newest = millesime === undefined ? newestMillesime(first.value.data?.millesimesDisponible ?? []) : undefined;
    if (newest === undefined) return { ...first, value: null };
    const second = await ask(newest);
    return {
      value: second.value === null || isNotFound(second.value) ? null : (second.value as Row<S>),
      stale: first.stale || second.stale,
      storedAt: Math.min(first.storedAt, second.storedAt),
    };
  }
}

function listQuery(
  filter: StatsListFilter,
  paging: { page: number; perPage: number },
  withEstablishments: boolean,
  form: (millesime: string) => string,
): QueryParams {
  const query: QueryParams = [];
  if (filter.codes?.length) query.push(['code_certifications', filter.codes.join(',')]);
  if (filter.regions?.length) query.push(['regions', filter.regions.join(',')]);
  if (withEstablishments && filter.uais?.length) query.push(['uais', filter.uais.join(',')]);
  if (filter.millesimes?.length) query.push(['millesimes', filter.millesimes.map(form).join(',')]);
  query.push(['page', String(paging.page)], ['items_par_page', String(paging.perPage)]);
  return query;
}
