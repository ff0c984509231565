/** The official French geography (COG), as embedded from @etalab/decoupage-administratif. */

export type CommuneKind = 'commune' | 'arrondissement-municipal';

export interface Commune {
  /** Insee COG code: `44109`, `2A004`, `97411`, `75101`. */
  readonly code: string;
  readonly name: string;
  readonly kind: CommuneKind;
  readonly departmentCode: string;
  readonly regionCode: string;
  /** `metro`, `drom` or `com` (overseas collectivity). */
  readonly zone: string;
  /** Population municipale of the package's legal-population release; absent for a few overseas entries. */
  readonly population: number | undefined;
  readonly postalCodes: readonly string[];
  readonly siren: string | undefined;
  readonly epciCode: string | undefined;
  /** For a municipal arrondissement: the code of its commune (75056, 13055, 69123). */
  readonly parentCode: string | undefined;
  /** Codes of former communes merged into this one. */
  readonly formerCodes: readonly string[];
}

export interface Department {
  readonly code: string;
  readonly name: string;
  readonly regionCode: string;
  readonly zone: string;
  /** Code of the prefecture commune. */
  readonly chefLieu: string;
}

export interface Region {
  readonly code: string;
  readonly name: string;
  readonly zone: string;
  readonly chefLieu: string;
}

export interface Epci {
  /** SIREN of the EPCI. */
  readonly code: string;
  readonly name: string;
  /** CC, CA, CU, METRO or MET69. */
  readonly type: string;
  readonly memberCodes: readonly string[];
  readonly population: number;
}
