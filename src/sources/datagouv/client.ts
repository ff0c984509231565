import { z } from 'zod';
import type { Fetched, QueryParams, SourceCalls } from '../../policies/source.js';
import { UpstreamError } from '../../policies/errors.js';
import { echoRefusal } from '../../policies/error-body.js';
import { datagouvPageSchema, datasetSchema, discussionSchema, organizationRefSchema, userSchema, type Dataset } from './schemas.js';
import { datasetAsStoredSchema, fullUpdateBody, missingDatasetError } from './update.js';
import { pathOf } from '../../policies/path.js';

const datasetPage = datagouvPageSchema(datasetSchema);
const discussionPage = datagouvPageSchema(discussionSchema);

export interface DatasetSearch {
  q?: string;
  /** A geoid such as `fr:commune:44109`. */
  geozone?: string;
  /** An organization id (24 hex digits). */
  organization?: string;
  /** A user id (24 hex digits): the datasets the user publishes in their own name. */
  owner?: string;
  tag?: string;
}

export interface DatasetWrite {
  title?: string;
  description?: string;
  organization?: string;
  tags?: string[];
  license?: string;
  frequency?: string;
  private?: boolean;
}

type Page<T> = { data: T[]; page: number; page_size: number; total: number };

/** data.gouv.fr API v1. Reads are anonymous; writes carry the caller's own key. */
export class DatagouvClient {
  constructor(private readonly source: SourceCalls) {}

  /** A page of datasets; past the last page the API answers 404, read here as an empty page. */
  async datasets(search: DatasetSearch, paging: { page: number; pageSize: number }): Promise<Fetched<Page<Dataset>>> {
    const query: QueryParams = [];
    if (search.q) query.push(['q', search.q]);
    if (search.geozone) query.push(['geozone', search.geozone]);
    if (search.organization) query.push(['organization', search.organization]);
    if (search.owner) query.push(['owner', search.owner]);
    if (search.tag) query.push(['tag', search.tag]);
    query.push(['page', String(paging.page)], ['page_size', String(paging.pageSize)]);
    const fetched = await this.source.get({ path: '/api/1/datasets/', query, authenticated: false }, datasetPage);
    return { ...fetched, value: fetched.value ?? { data: [], page: paging.page, page_size: paging.pageSize, total: 0 } };
  }

  /** One dataset by id or slug; null when unknown. */
  dataset(idOrSlug: string) {
    return this.source.get({ path: datasetPath(idOrSlug), authenticated: false }, datasetSchema);
  }

  discussions(datasetId: string, paging: { page: number; pageSize: number }) {
    const query: QueryParams = [
      ['for', datasetId],
      ['sort', '-created'],
      ['page', String(paging.page)],
      ['page_size', String(paging.pageSize)],
    ];
    return this.source.get({ path: '/api/1/discussions/', query, authenticated: false }, discussionPage);
  }

  organization(id: string) {
    return this.source.get({ path: `${pathOf('api', '1', 'organizations', id)}/`, authenticated: false }, organizationRefSchema);
  }

  /** One user by id or slug; null when unknown, or deleted or deactivated (410). */
  user(idOrSlug: string) {
    return this.source.get({ path: `${pathOf('api', '1', 'users', idOrSlug)}/`, authenticated: false }, userSchema);
  }

  /**
   * Creates a dataset as the caller; `apiKey` is theirs, used for this request only. A refusal
   * says what data.gouv.fr found wrong in the caller's input (writes alone do: echoRefusal).
   */
  async createDataset(input: DatasetWrite, apiKey: string): Promise<Dataset> {
    try {
      return await this.source.send('POST', '/api/1/datasets/', input, { 'x-api-key': requireKey(apiKey) }, datasetSchema);
    } catch (error) {
      throw echoRefusal(error);
    }
  }

  /**
   * Changes the given fields of a dataset as the caller. The dataset is read first as the caller
   * (their key, never cached nor shared: it may be private, and must be current), then sent back
   * whole under its id, since udata's PUT erases what a body leaves out.
   */
  async updateDataset(id: string, input: DatasetWrite, apiKey: string): Promise<Dataset> {
    const headers = { 'x-api-key': requireKey(apiKey) };
    try {
      const current = await this.source.send('GET', datasetPath(id), undefined, headers, datasetAsStoredSchema);
      return await this.source.send('PUT', datasetPath(current.dataset.id), fullUpdateBody(current.raw, input), headers, datasetSchema);
    } catch (error) {
      throw echoRefusal(missingDatasetError(error));
    }
  }
}

function datasetPath(idOrSlug: string): string {
  return `${pathOf('api', '1', 'datasets', idOrSlug)}/`;
}

function requireKey(apiKey: string): string {
  if (!z.string().min(1).safeParse(apiKey).success)
    throw new UpstreamError('UPSTREAM_UNAUTHORIZED', 'datagouv', 'A data.gouv.fr API key is needed to write');
  return apiKey;
}
