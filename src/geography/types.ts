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
  readonly epciCode: string | undefined;
  /** For a municipal arrondissement: the code of its commune (75056, 13055, 69123). */
  readonly parentCode: string | undefined;
  /** Codes of former communes merged into this one. */
  readonly formerCodes: readonly string[];
  /** Code of its arrondissement (`442`, `9741`); absent in Mayotte and the overseas collectivities. */
  readonly arrondissementCode: string | undefined;
}

/**
 * `deleguee` and `associee`: a former commune the package still lists by name, kept as a
 * delegated or associated commune of the current one; `fusionnee`: a former code the package
 * lists only among the current commune's `anciensCodes`, without a name.
 */
export type FormerCommuneKind = 'deleguee' | 'associee' | 'fusionnee';

/** A commune that no longer exists on its own: merged into `currentCode`. */
export interface FormerCommune {
  readonly code: string;
  readonly name: string | undefined;
  readonly kind: FormerCommuneKind;
  readonly currentCode: string;
}

/** An arrondissement (the State's subdivision of a department), not a municipal one. */
export interface Arrondissement {
  /** COG code: 3 characters, 4 overseas (`442`, `9741`). */
  readonly code: string;
  readonly name: string;
  readonly departmentCode: string;
  readonly regionCode: string;
  /** Code of its sub-prefecture commune. */
  readonly chefLieu: string;
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
