import type { GraphQLContext } from '../../graphql/context.js';
import type { MelodiCube } from '../generated/resolvers.js';
import type { StatsZoneModel } from './models.js';
import { rowsOfZone } from './melodi-zone.js';
import type { TrackedRead } from './source-codes.js';

/**
 * Any Melodi dataset for a zone, its dimensions filtered by code (every period unless
 * TIME_PERIOD is filtered). Null for a dataset the catalogue does not list (Melodi would answer
 * 500 to it: it is never asked), or a zone without observations. Never summed over other zones:
 * a dataset may hold rates.
 */
export async function melodiCube(
  context: GraphQLContext,
  zone: StatsZoneModel,
  dataset: string,
  filters: readonly { dimension: string; codes: readonly string[] }[],
): Promise<TrackedRead<MelodiCube | null>> {
  const source = { dataset, filters: filters.map((f) => [f.dimension, f.codes] as const), period: null };
  const found = await rowsOfZone(context, zone, source, false);
  if (!found) return { value: null, codes: [] };
  const observations = found.sets[0]!.map((row) => ({
    dimensions: Object.entries(row.dimensions).map(([dimension, code]) => ({ dimension, code })),
    measure: row.measure,
    value: row.value,
    status: row.status,
  }));
  return { value: { dataset, title: found.vintage.title, observations }, codes: found.codes, datasets: [found.provenance] };
}
