import type { Fetched } from '../../upstream/source.js';
import { joinPages, resourceLoader, type LoaderOptions } from '../loader.js';
import type { DataInclusionClient, Paging, ServiceFilter, TerritoryFilter } from './client.js';
import type { DiService, DiStructure } from './schemas.js';

/** The API's largest page: whole territories are read in as few calls as possible. */
const LARGEST_PAGE = 10_000;

/** Every page of a list, as one answer (stale if any page was). */
async function allPages<T>(fetchPage: (page: number) => Promise<Fetched<{ items: T[]; pages: number } | null>>): Promise<Fetched<T[]>> {
  const first = await fetchPage(1);
  const pages = [first.value?.items ?? []];
  let stale = first.stale;
  for (let page = 2; page <= (first.value?.pages ?? 1); page++) {
    const next = await fetchPage(page);
    pages.push(next.value?.items ?? []);
    stale ||= next.stale;
  }
  return { value: joinPages(pages), stale, storedAt: first.storedAt };
}

export function createDataInclusionLoaders(client: DataInclusionClient, options: LoaderOptions) {
  return {
    /** Every structure of a commune, department or region. */
    structuresOf: resourceLoader(
      (territory: TerritoryFilter): Promise<Fetched<DiStructure[]>> =>
        allPages((page) => client.structures(territory, { page, size: LARGEST_PAGE })),
      options,
    ),
    /** Every service of a department, to find structures' services without one call each. */
    servicesOfDepartment: resourceLoader(
      (codeDepartement: string): Promise<Fetched<DiService[]>> =>
        allPages((page) => client.services({ codeDepartement }, { page, size: LARGEST_PAGE })),
      options,
    ),
    structure: resourceLoader((id: string) => client.structure(id), options),
    service: resourceLoader((id: string) => client.service(id), options),
    servicesPage: resourceLoader((key: { filter: ServiceFilter; paging: Paging }) => client.services(key.filter, key.paging), options),
    searchPage: resourceLoader(
      (key: { commune: string; themes?: string[]; paging: Paging }) =>
        client.searchServices(key.commune, { thematiques: key.themes }, key.paging),
      options,
    ),
  };
}
