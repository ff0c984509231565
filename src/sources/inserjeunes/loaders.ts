import { resourceLoader, type LoaderOptions } from '../loader.js';
import type { InserJeunesClient, StatsListFilter } from './client.js';

export function createInserJeunesLoaders(client: InserJeunesClient, options: LoaderOptions) {
  return {
    certification: resourceLoader((key: { code: string; millesime?: string }) => client.certification(key.code, key.millesime), options),
    regional: resourceLoader(
      (key: { region: string; code: string; millesime?: string }) => client.regionalCertification(key.region, key.code, key.millesime),
      options,
    ),
    formation: resourceLoader(
      (key: { uai: string; code: string; millesime?: string }) => client.formation(key.uai, key.code, key.millesime),
      options,
    ),
    formationsPage: resourceLoader(
      (key: { filter: StatsListFilter; page: number; perPage: number }) => client.formations(key.filter, key),
      options,
    ),
  };
}
