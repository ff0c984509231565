import type { QueryParams, SourceCalls } from '../../policies/source.js';
import {
  detailedServiceSchema,
  detailedStructureSchema,
  diPageSchema,
  serviceSchema,
  serviceSearchPageSchema,
  structureSchema,
} from './schemas.js';
import { pathOf } from '../../policies/path.js';

export interface TerritoryFilter {
  codeCommune?: string;
  codeDepartement?: string;
  codeRegion?: string;
}

export interface StructureListFilter extends TerritoryFilter {
  sources?: string[];
  reseauxPorteurs?: string[];
  /** One structure per duplicate cluster (the same place published by several sources). */
  exclureDoublons?: boolean;
}

export interface ServiceFilter extends TerritoryFilter {
  thematiques?: string[];
  sources?: string[];
}

export interface SearchFilter {
  thematiques?: string[];
  /** Only the services of the best structure of each duplicate cluster. */
  exclureDoublons?: boolean;
}

export interface Paging {
  page: number;
  size: number;
}

const structurePage = diPageSchema(structureSchema);
const servicePage = diPageSchema(serviceSchema);

function territory(filter: TerritoryFilter) {
  return { code_commune: filter.codeCommune, code_departement: filter.codeDepartement, code_region: filter.codeRegion };
}

/** Repeated keys for lists, as FastAPI reads them; never comma-joined. */
function params(entries: Record<string, string | number | boolean | string[] | undefined>): QueryParams {
  const out: QueryParams = [];
  for (const [key, value] of Object.entries(entries)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) out.push([key, v]);
    else out.push([key, String(value)]);
  }
  return out;
}

/** data·inclusion API v1, bearer token with the `api` scope. */
export class DataInclusionClient {
  constructor(private readonly source: SourceCalls) {}

  structures(filter: StructureListFilter, paging: Paging) {
    const query = params({
      ...territory(filter),
      sources: filter.sources,
      reseaux_porteurs: filter.reseauxPorteurs,
      exclure_doublons: filter.exclureDoublons,
      ...paging,
    });
    return this.source.get({ path: '/api/v1/structures', query, authenticated: true }, structurePage);
  }

  /**
   * One structure with every one of its services, wherever they are addressed (or not at all);
   * null when unknown.
   */
  structure(id: string) {
    return this.source.get({ path: pathOf('api', 'v1', 'structures', id), authenticated: true }, detailedStructureSchema);
  }

  services(filter: ServiceFilter, paging: Paging) {
    const query = params({ ...territory(filter), thematiques: filter.thematiques, sources: filter.sources, ...paging });
    return this.source.get({ path: '/api/v1/services', query, authenticated: true }, servicePage);
  }

  service(id: string) {
    return this.source.get({ path: pathOf('api', 'v1', 'services', id), authenticated: true }, detailedServiceSchema);
  }

  /** Services reachable from a commune, nearest first (`distance` in whole km). */
  searchServices(codeCommune: string, filter: SearchFilter, paging: Paging) {
    const query = params({
      code_commune: codeCommune,
      thematiques: filter.thematiques,
      exclure_doublons: filter.exclureDoublons,
      ...paging,
    });
    return this.source.get({ path: '/api/v1/search/services', query, authenticated: true }, serviceSearchPageSchema);
  }
}
