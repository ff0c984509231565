import { derivedLoader, resourceLoader, type LoaderOptions } from '../loader.js';
import type { CubeRequest, InseeClient, InseeLevel } from './client.js';
import { LEGAL_POPULATION_VINTAGES } from './datasets.js';
import { legalPopulationFromInsee } from './mapping.js';

/** Every variable at `all` unless said otherwise, so equal cubes share one key. */
function normalise(request: CubeRequest): CubeRequest {
  return {
    ...request,
    dataset: request.dataset.toUpperCase(),
    variables: request.variables.map((v) => v.toUpperCase()),
    modalities: request.variables.map((_, i) => request.modalities?.[i] ?? 'all'),
  };
}

export function createInseeLoaders(client: InseeClient, options: LoaderOptions) {
  const cube = resourceLoader((request: CubeRequest) => client.cube(request), options);
  const load = (request: CubeRequest) => cube.load(normalise(request));
  return {
    cube: { load },
    /** The newest legal population published for the zone: one call when the newest exists. */
    legalPopulation: derivedLoader(async (zone: { level: InseeLevel; code: string }) => {
      for (const dataset of LEGAL_POPULATION_VINTAGES) {
        const found = await load({ dataset, variables: ['IND_POPLEGALES'], level: zone.level, code: zone.code });
        if (found) return legalPopulationFromInsee(found);
      }
      return null;
    }, options),
  };
}
