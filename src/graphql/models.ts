/**
 * What each GraphQL type resolves from (the codegen mappers): source records mapped once, so
 * that resolvers only wire fields to loaders.
 */
import type { Commune, Department, Epci, Region } from '../geography/index.js';
import type { InseeLevel } from '../sources/insee/client.js';

export type { Commune as CommuneModel, Department as DepartmentModel, Epci as EpciModel, Region as RegionModel };

/** The zone whose statistics are asked for. */
export interface ZoneModel {
  level: InseeLevel;
  code: string;
}

export interface AddressModel {
  street: string | null;
  postalCode: string | null;
  city: string | null;
  communeCode: string | null;
  latitude: number | null;
  longitude: number | null;
}

export interface SiaeModel {
  id: string;
  name: string;
  brand: string | null;
  kind: string;
  siret: string;
  sectors: string[];
  networks: string[];
  isActive: boolean | null;
  address: AddressModel;
  department: string | null;
  offers: { name: string; description: string | null }[];
  labels: string[];
  updatedAt: string | null;
  /** The SIAE's own website (contact_website upstream). */
  website: string | null;
}

export type StructureSourceName = 'DATA_INCLUSION' | 'MARCHE';

export interface StructureModel {
  id: string;
  name: string;
  siret: string | null;
  sources: StructureSourceName[];
  networks: string[];
  description: string | null;
  website: string | null;
  address: AddressModel | null;
  communeCode: string | null;
  /**
   * The matching SIAE when the structure was built from both sources; `undefined` when it has
   * not been looked up yet (the Structure.siae resolver does it then).
   */
  siae: SiaeModel | null | undefined;
  /** Services already known (from a structure detail); otherwise looked up by department. */
  services: ServiceModel[] | undefined;
}

export interface ServiceModel {
  id: string;
  name: string;
  description: string | null;
  themes: string[];
  fees: string | null;
  kind: string | null;
  receptionModes: string[];
  source: string;
  address: AddressModel | null;
  communeCode: string | null;
  structureId: string;
  /** The parent structure when the upstream embedded it. */
  structure: StructureModel | undefined;
  distanceKm: number | null;
}

export interface FormationModel {
  /** `national/<code>/<millesime>`, `regional/<region>/<code>/<millesime>` or `establishment/<uai>/<code>/<millesime>`. */
  id: string;
  code: string;
  codeType: string | null;
  label: string | null;
  diploma: { code: string; label: string } | null;
  track: string | null;
  millesime: string;
  uai: string | null;
  establishmentName: string | null;
  regionCode: string | null;
  finalYearStudents: number | null;
  leavers: number | null;
  employmentRate6Months: number | null;
  employmentRate12Months: number | null;
  employmentRate24Months: number | null;
  furtherStudyRate: number | null;
  otherRate6Months: number | null;
  salary12Months: { q1: number | null; median: number | null; q3: number | null } | null;
  /** For a non-final year: the final years that carry its figures (`certificationsTerminales`). */
  terminalCertifications: FormationModel[];
}

export interface DatasetModel {
  id: string;
  slug: string | null;
  title: string;
  description: string | null;
  url: string | null;
  organization: { id: string; name: string; slug: string | null } | null;
  tags: string[];
  license: string | null;
  frequency: string | null;
  lastModified: string | null;
  resources: { id: string; title: string | null; format: string | null; url: string }[];
  communeCodes: string[];
}

export interface DiscussionModel {
  id: string;
  title: string;
  createdAt: string;
  closedAt: string | null;
  messages: { content: string; postedOn: string; author: string | null }[];
}

export interface StatCubeModel {
  dataset: string;
  label: string | null;
  year: number | null;
  cells: { measure: string; modalities: { variable: string; code: string }[]; value: number | null }[];
}
