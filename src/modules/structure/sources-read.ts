import type { StructureOptions } from './merge.js';
import type { StructureSourceName } from './models.js';

/** The sources of a structure list whose `sources` argument is absent or empty: both. */
export const DEFAULT_STRUCTURE_SOURCES: readonly StructureSourceName[] = ['DATA_INCLUSION', 'MARCHE'];

/** The sources a structure list asked for: both unless `sources` narrows them. */
export function askedSources(sources: readonly StructureSourceName[] | null | undefined): readonly StructureSourceName[] {
  return sources?.length ? sources : DEFAULT_STRUCTURE_SOURCES;
}

/**
 * The upstream lists a territory's structures read: data·inclusion's when asked for; the
 * Marché's when asked for, or when SIAE kinds filter the list (the kinds are the Marché's).
 * What a list costs (costs.ts) and what it reads (territory-structures.ts) both come from here.
 */
export function upstreamListsRead(options: StructureOptions): { inclusion: boolean; marche: boolean } {
  const sources = askedSources(options.sources);
  return {
    inclusion: sources.includes('DATA_INCLUSION'),
    marche: sources.includes('MARCHE') || Boolean(options.siaeKinds?.length),
  };
}
