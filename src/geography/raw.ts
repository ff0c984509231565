/** Raw shapes of the geography package's JSON files (only the keys read here). */
export interface RawCommune {
  code: string;
  nom: string;
  type: string;
  zone: string;
  departement: string;
  region: string;
  population?: number;
  codesPostaux?: string[];
  commune?: string;
  anciensCodes?: string[];
  arrondissement?: string;
  /** For a delegated or associated commune: the current commune it belongs to. */
  chefLieu?: string;
}

export interface RawArrondissement {
  code: string;
  nom: string;
  departement: string;
  region: string;
  chefLieu: string;
}

export interface RawRegion {
  code: string;
  nom: string;
  zone: string;
  chefLieu: string;
}

export interface RawDepartment {
  code: string;
  nom: string;
  region: string;
  zone: string;
  chefLieu: string;
}

export interface RawEpci {
  code: string;
  nom: string;
  type: string;
  populationMunicipale: number;
  membres: { code: string }[];
}
