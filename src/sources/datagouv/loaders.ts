import { resourceLoader, type LoaderOptions } from '../loader.js';
import type { DatagouvClient, DatasetSearch } from './client.js';

export function createDatagouvLoaders(client: DatagouvClient, options: LoaderOptions) {
  return {
    dataset: resourceLoader((idOrSlug: string) => client.dataset(idOrSlug), options),
    datasetsPage: resourceLoader(
      (key: { search: DatasetSearch; page: number; pageSize: number }) => client.datasets(key.search, key),
      options,
    ),
    discussionsPage: resourceLoader(
      (key: { datasetId: string; page: number; pageSize: number }) => client.discussions(key.datasetId, key),
      options,
    ),
    organization: resourceLoader((idOrSlug: string) => client.organization(idOrSlug), options),
    // One call per distinct user, however many datasets they own in a list.
    user: resourceLoader((idOrSlug: string) => client.user(idOrSlug), options),
  };
}
