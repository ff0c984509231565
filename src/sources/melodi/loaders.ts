import { resourceLoader, type LoaderOptions } from '../loader.js';
import type { MelodiClient, MelodiDataQuery } from './client.js';

export function createMelodiLoaders(client: MelodiClient, options: LoaderOptions) {
  // One catalogue read per request at most, whatever the number of datasets asked about.
  const catalog = resourceLoader(() => client.catalog(), options);
  const vintage = resourceLoader((dataset: string) => client.vintage(dataset), options);
  const data = resourceLoader((query: MelodiDataQuery) => client.data(query), options);
  return { catalog, vintage, data };
}
