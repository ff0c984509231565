import type { Fetched } from '../../policies/source.js';
import { joinFetchedPages, resourceLoader, type LoaderOptions } from '../loader.js';
import type { DataInclusionClient, Paging, ServiceFilter, TerritoryFilter } from './client.js';
import { outsideDataInclusion } from './coverage.js';
import type { DiStructure } from './schemas.js';

/** The API's largest page: whole territories are read in as few calls as possible. */
const LARGEST_PAGE = 10_000;

/** Every page of a list, as one answer. */
async function allPages<T>(
  fetchPage: (page: number) => Promise<Fetched<{ items: T[]; pages: number } | null>>,
): Promise<Fetched<readonly T[]>> {
  const first = await fetchPage(1);
  const pages = [{ ...first, value: first.value?.items ?? [] }];
  for (let page = 2; page <= (first.value?.pages ?? 1); page++) {
    const next = await fetchPage(page);
    pages.push({ ...next, value: next.value?.items ?? [] });
  }
  return joinFetchedPages(pages);
}

/** What the API would answer for a territory it does not cover, without asking it. */
function known<T>(value: T): Promise<Fetched<T>> {
  return Promise.resolve({ value, stale: false, storedAt: Date.now() });
}

function emptyPage(paging: Paging) {
  return { items: [], total: 0, page: paging.page, size: 0, pages: 0 };
}

export function createDataInclusionLoaders(client: DataInclusionClient, options: LoaderOptions) {
  return {
    /**
     * Every structure of a commune, department or region, one per duplicate cluster: the same
     * place published by several sources is one structure to our users.
     */
    structuresOf: resourceLoader(
      (territory: TerritoryFilter): Promise<Fetched<readonly DiStructure[]>> =>
        outsideDataInclusion(territory)
          ? known([])
          : allPages((page) => client.structures({ ...territory, exclureDoublons: true }, { page, size: LARGEST_PAGE })),
      options,
    ),
    /** A structure's detail, with all its services. */
    structure: resourceLoader((id: string) => client.structure(id), options),
    service: resourceLoader((id: string) => client.service(id), options),
    servicesPage: resourceLoader(
      (key: { filter: ServiceFilter; paging: Paging }) =>
        outsideDataInclusion(key.filter) ? known(emptyPage(key.paging)) : client.services(key.filter, key.paging),
      options,
    ),
    /** Services reachable from a commune, those of the best structure of each duplicate cluster only. */
    searchPage: resourceLoader(
      (key: { commune: string; themes?: string[]; paging: Paging }) =>
        outsideDataInclusion({ codeCommune: key.commune })
          ? known(emptyPage(key.paging))
          : client.searchServices(key.commune, { thematiques: key.themes, exclureDoublons: true }, key.paging),
      options,
    ),
  };
}
