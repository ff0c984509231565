import type { Fetched, UpstreamSource } from '../../upstream/source.js';
import { inseeCubeSchema, type InseeCube } from './schemas.js';
import { pathOf } from '../../upstream/path.js';

/** Geographic levels of Données locales (NIVGEO). */
export type InseeLevel = 'COM' | 'DEP' | 'REG' | 'EPCI' | 'FE';

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
  constructor(private readonly source: UpstreamSource) {}

  /** The cube for the zone; null when the cube does not exist for it (404). */
  async cube(request: CubeRequest): Promise<Fetched<InseeCube | null>> {
    if (outsideCoverage(request)) return { value: null, stale: false, storedAt: Date.now() };
    const modalities = request.variables.map((_, i) => request.modalities?.[i] ?? 'all');
    const cube = `geo-${request.variables.join('-')}@${request.dataset}`;
    const zone = `${request.level}-${request.code}.${modalities.join('.')}`;
    const path = pathOf('donnees-locales', 'donnees', cube, zone);
    return this.source.get({ path, authenticated: false }, inseeCubeSchema);
  }
}
