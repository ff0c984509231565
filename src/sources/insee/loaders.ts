import { resourceLoader, type LoaderOptions } from '../loader.js';
import type { CubeRequest, InseeClient } from './client.js';

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
  const lookups = resourceLoader((request: CubeRequest) => client.lookup(request), options);
  const lookup = (request: CubeRequest) => lookups.load(normalise(request));
  const load = (request: CubeRequest) => lookup(request).then((found) => ('cube' in found ? found.cube : null));
  return {
    cube: { load },
    /** The cube, or why there is none (the same call as `cube`: one per distinct cube and zone). */
    lookup: { load: lookup },
  };
}
