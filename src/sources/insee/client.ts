import type { Fetched, UpstreamSource } from '../../upstream/source.js';
import { inseeCubeSchema, type InseeCube } from './schemas.js';

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

/** Insee Données locales: one zone and one cube per request, no credential. */
export class InseeClient {
  constructor(private readonly source: UpstreamSource) {}

  /** The cube for the zone; null when the cube does not exist for it (404). */
  cube(request: CubeRequest): Promise<Fetched<InseeCube | null>> {
    const modalities = request.variables.map((_, i) => request.modalities?.[i] ?? 'all');
    const segment = `${request.level}-${request.code}.${modalities.map(encodeURIComponent).join('.')}`;
    const path = `/donnees-locales/donnees/geo-${request.variables.join('-')}@${request.dataset}/${segment}`;
    return this.source.get({ path, authenticated: false }, inseeCubeSchema);
  }
}
