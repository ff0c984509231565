import type { z } from 'zod';
import type { Fetched, SourceCalls } from '../../policies/source.js';
import { cubeOrNotFoundSchema, type InseeCube } from './schemas.js';
import { pathOf } from '../../policies/path.js';

/**
 * Geographic levels of Données locales (NIVGEO): COM holds communes and municipal arrondissements;
 * the study zonings carry the vintage of their delineation (ZE2020, UU2020, AAV2020).
 */
export type InseeLevel = 'COM' | 'ARR' | 'DEP' | 'REG' | 'EPCI' | 'FE' | 'ZE2020' | 'UU2020' | 'AAV2020';

/**
 * A cube, or why there is none: `zone` when Insee says no zone matches (the code is unknown to the
 * geography of the dataset's vintage: a commune created since, or merged away before), `cell`
 * when the zone exists but the cube is not published for it (too small, Mayotte…), `unknown`
 * when the 404's body says neither (its form is not documented) or no call was made.
 */
export type CubeLookup = { cube: InseeCube } | { missing: 'zone' | 'cell' | 'unknown' };

export interface CubeRequest {
  /** Dataset (JEU), e.g. `GEO2023RP2020`, `POPLEG2023`. */
  dataset: string;
  /** Variables of the croisement, in order, e.g. `['SEXE', 'AGE15_15_90']`. */
  variables: string[];
  level: InseeLevel;
  code: string;
  /** One selection per variable: `all`, a code, or codes joined by `+`. Defaults to `all`. */
  modalities?: string[];
}

/**
 * Collectivities (Saint-Pierre-et-Miquelon, Saint-Barthélemy, Saint-Martin, Wallis-et-Futuna,
 * French Polynesia, New Caledonia, the TAAF and Clipperton) are outside Données locales: every cube is
 * a 404 there, so none is asked for — a commune dashboard of Polynesia would otherwise spend one
 * call per statistic of Insee's 30 a minute.
 */
const OUTSIDE_COVERAGE = /^(97[5789]|98)/;

function outsideCoverage(request: CubeRequest): boolean {
  return (request.level === 'COM' || request.level === 'DEP' || request.level === 'REG') && OUTSIDE_COVERAGE.test(request.code);
}

/** Insee Données locales: one zone and one cube per request, no credential. */
export class InseeClient {
  constructor(private readonly source: SourceCalls) {}

  /** The cube for the zone; null when the cube does not exist for it (404). */
  async cube(request: CubeRequest): Promise<Fetched<InseeCube | null>> {
    const fetched = await this.lookup(request);
    return { ...fetched, value: 'cube' in fetched.value ? fetched.value.cube : null };
  }

  /** The cube for the zone, or why Insee has none (its 404 body is kept to tell). */
  async lookup(request: CubeRequest): Promise<Fetched<CubeLookup>> {
    if (outsideCoverage(request)) return { value: { missing: 'unknown' }, stale: false, storedAt: Date.now() };
    const modalities = request.variables.map((_, i) => request.modalities?.[i] ?? 'all');
    const cube = `geo-${request.variables.join('-')}@${request.dataset}`;
    const zone = `${request.level}-${request.code}.${modalities.join('.')}`;
    const path = pathOf('donnees-locales', 'donnees', cube, zone);
    const fetched = await this.source.get({ path, authenticated: false, keepNotFoundBody: true }, cubeOrNotFoundSchema);
    return { ...fetched, value: lookupOf(fetched.value) };
  }
}

function lookupOf(answer: z.infer<typeof cubeOrNotFoundSchema> | null): CubeLookup {
  if (answer === null) return { missing: 'unknown' };
  if ('Croisement' in answer) return { cube: answer };
  // The two messages clients have met (§8 of the upstream's notes); "a" unaccented as Insee writes it.
  if (/aucune zone ne correspond/i.test(answer.message)) return { missing: 'zone' };
  if (/aucune cellule ne correspond/i.test(answer.message)) return { missing: 'cell' };
  return { missing: 'unknown' };
}
