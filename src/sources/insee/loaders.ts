import { derivedLoader, resourceLoader, type LoaderOptions } from '../loader.js';
import type { CubeRequest, InseeClient, InseeLevel } from './client.js';
import { LEGAL_POPULATION_VINTAGE } from './datasets.js';
import { legalPopulationFromInsee } from './cells.js';

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
    /** The legal population of the newest vintage known to be published: one call, found or not. */
    legalPopulation: derivedLoader(async (zone: { level: InseeLevel; code: string }) => {
      const found = await load({ dataset: LEGAL_POPULATION_VINTAGE, variables: ['IND_POPLEGALES'], level: zone.level, code: zone.code });
      return found ? legalPopulationFromInsee(found) : null;
    }, options),
  };
}
