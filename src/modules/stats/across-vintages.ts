import { geography } from '../../geography/index.js';
import type { GraphQLContext } from '../../graphql/context.js';
import type { InseeCube } from '../../sources/insee/schemas.js';
import type { StatsZoneModel } from './models.js';

/** A cube as a typed statistic asks for it, for whatever zone. */
export interface FigureCube {
  dataset: string;
  variables: string[];
  modalities?: string[];
}

/** The cubes that stand for a zone in one dataset, and the zone codes they were read for. */
export interface ZoneCubes {
  cubes: InseeCube[];
  codes: string[];
}

/**
 * The cubes standing for a zone: its own; or, for an additive figure of a commune the cube's
 * geography does not know (Insee: "no zone matches", or a 404 that says nothing), those of its
 * former communes, whose sum is the commune's figure. Each predecessor costs one call, counted
 * against the quota like any other. A former commune unknown to the cube too (merged before its
 * vintage) is skipped: its territory is inside another predecessor. Null when no cube stands
 * for the zone, or when a predecessor exists without the cube (a sum without it would be short).
 */
export async function cubesOfZone(
  context: GraphQLContext,
  zone: StatsZoneModel,
  cube: FigureCube,
  additive: boolean,
): Promise<ZoneCubes | null> {
  const load = (code: string) => context.loaders.insee.lookup.load({ ...cube, level: zone.level, code });
  const own = await load(zone.code);
  if ('cube' in own) return { cubes: [own.cube], codes: [zone.code] };
  if (!additive || zone.level !== 'COM' || own.missing === 'cell') return null;
  const predecessors = [
    ...new Set(
      geography()
        .formerCommunesOf(zone.code)
        .map((f) => f.code),
    ),
  ].filter((code) => code !== zone.code);
  if (predecessors.length === 0) return null;
  const answers = await Promise.all(predecessors.map(load));
  const found: ZoneCubes = { cubes: [], codes: [] };
  for (const [i, answer] of answers.entries()) {
    if ('cube' in answer) {
      found.cubes.push(answer.cube);
      found.codes.push(predecessors[i]!);
    } else if (answer.missing === 'cell') return null;
  }
  return found.cubes.length > 0 ? found : null;
}
