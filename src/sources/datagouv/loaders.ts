import { resourceLoader } from '../loader.js';
import type { DatagouvClient, DatasetSearch } from './client.js';

export function createDatagouvLoaders(client: DatagouvClient, onStale: () => void) {
  return {
    dataset: resourceLoader((idOrSlug: string) => client.dataset(idOrSlug), onStale),
    datasetsPage: resourceLoader(
      (key: { search: DatasetSearch; page: number; pageSize: number }) => client.datasets(key.search, key),
      onStale,
    ),
    discussionsPage: resourceLoader(
      (key: { datasetId: string; page: number; pageSize: number }) => client.discussions(key.datasetId, key),
      onStale,
    ),
    organization: resourceLoader((idOrSlug: string) => client.organization(idOrSlug), onStale),
  };
}

export type DatagouvLoaders = ReturnType<typeof createDatagouvLoaders>;
