import type { QueryParams, UpstreamSource } from '../../upstream/source.js';
import {
  certificationStatsSchema,
  certificationsPageSchema,
  formationStatsSchema,
  formationsPageSchema,
  regionalStatsSchema,
  regionalesPageSchema,
} from './schemas.js';

export interface StatsListFilter {
  codes?: string[];
  regions?: string[];
  uais?: string[];
  millesimes?: string[];
}

/**
 * InserJeunes exposition API. Any parameter a route does not declare is a 400 upstream, so each
 * method sends exactly the route's own parameters; lists are joined with `,`.
 */
export class InserJeunesClient {
  constructor(private readonly source: UpstreamSource) {}

  /** National figures for one code (public route); null when unknown or without data. */
  certification(code: string, millesime?: string) {
    const query: QueryParams = millesime ? [['millesime', millesime]] : [];
    return this.source.get(
      { path: `/api/inserjeunes/certifications/${encodeURIComponent(code)}`, query, authenticated: false },
      certificationStatsSchema,
    );
  }

  regionalCertification(region: string, code: string, millesime?: string) {
    const query: QueryParams = millesime ? [['millesime', millesime]] : [];
    return this.source.get(
      {
        path: `/api/inserjeunes/regionales/${encodeURIComponent(region)}/certifications/${encodeURIComponent(code)}`,
        query,
        authenticated: false,
      },
      regionalStatsSchema,
    );
  }

  formation(uai: string, code: string, millesime?: string) {
    const query: QueryParams = millesime ? [['millesime', millesime]] : [];
    return this.source.get(
      { path: `/api/inserjeunes/formations/${encodeURIComponent(uai)}-${encodeURIComponent(code)}`, query, authenticated: false },
      formationStatsSchema,
    );
  }

  formations(filter: StatsListFilter, paging: { page: number; perPage: number }) {
    return this.source.get(
      { path: '/api/inserjeunes/formations', query: listQuery(filter, paging, true), authenticated: true },
      formationsPageSchema,
    );
  }

  certifications(filter: Omit<StatsListFilter, 'regions' | 'uais'>, paging: { page: number; perPage: number }) {
    return this.source.get(
      { path: '/api/inserjeunes/certifications', query: listQuery(filter, paging, false), authenticated: true },
      certificationsPageSchema,
    );
  }

  regionales(filter: Omit<StatsListFilter, 'uais'>, paging: { page: number; perPage: number }) {
    return this.source.get(
      { path: '/api/inserjeunes/regionales', query: listQuery(filter, paging, false), authenticated: true },
      regionalesPageSchema,
    );
  }
}

function listQuery(filter: StatsListFilter, paging: { page: number; perPage: number }, withEstablishments: boolean): QueryParams {
  const query: QueryParams = [];
  if (filter.codes?.length) query.push(['code_certifications', filter.codes.join(',')]);
  if (filter.regions?.length) query.push(['regions', filter.regions.join(',')]);
  if (withEstablishments && filter.uais?.length) query.push(['uais', filter.uais.join(',')]);
  if (filter.millesimes?.length) query.push(['millesimes', filter.millesimes.join(',')]);
  query.push(['page', String(paging.page)], ['items_par_page', String(paging.perPage)]);
  return query;
}
