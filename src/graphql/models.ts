/**
 * What each GraphQL type resolves from (the codegen mappers): source records mapped once, so
 * that resolvers only wire fields to loaders.
 */
import type { Commune, Department, Epci, Region } from '../geography/index.js';
import type { InseeLevel } from '../sources/insee/client.js';

export type { Commune as CommuneModel, Department as DepartmentModel, Epci as EpciModel, Region as RegionModel };

/** The zone whose statistics are asked for. */
export interface ZoneModel {
  readonly level: InseeLevel;
  readonly code: string;
}

export interface AddressModel {
  readonly street: string | null;
  readonly postalCode: string | null;
  readonly city: string | null;
  readonly communeCode: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
}

export interface SiaeModel {
  readonly id: string;
  readonly name: string;
  readonly brand: string | null;
  readonly kind: string;
  readonly siret: string;
  readonly sectors: readonly string[];
  readonly networks: readonly string[];
  readonly isActive: boolean | null;
  readonly address: AddressModel;
  readonly department: string | null;
  readonly offers: readonly { readonly name: string; readonly description: string | null }[];
  readonly labels: readonly string[];
  readonly updatedAt: string | null;
  /** The SIAE's own website (contact_website upstream). */
  readonly website: string | null;
}

export type StructureSourceName = 'DATA_INCLUSION' | 'MARCHE';

export interface StructureModel {
  readonly id: string;
  readonly name: string;
  readonly siret: string | null;
  readonly sources: readonly StructureSourceName[];
  readonly networks: readonly string[];
  readonly description: string | null;
  readonly website: string | null;
  readonly address: AddressModel | null;
  readonly communeCode: string | null;
  /**
   * The matching SIAE when the structure was built from both sources; `undefined` when it has
   * not been looked up yet (the Structure.siae resolver does it then).
   */
  readonly siae: SiaeModel | null | undefined;
  /** Services already known (from a structure detail); otherwise looked up by department. */
  readonly services: readonly ServiceModel[] | undefined;
}

export interface ServiceModel {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly themes: readonly string[];
  readonly fees: string | null;
  readonly kind: string | null;
  readonly receptionModes: readonly string[];
  readonly source: string;
  readonly address: AddressModel | null;
  readonly communeCode: string | null;
  readonly structureId: string;
  /** The parent structure when the upstream embedded it. */
  readonly structure: StructureModel | undefined;
  readonly distanceKm: number | null;
}

export interface FormationModel {
  /** `national/<code>/<millesime>`, `regional/<region>/<code>/<millesime>` or `establishment/<uai>/<code>/<millesime>`. */
  readonly id: string;
  readonly code: string;
  readonly codeType: string | null;
  readonly label: string | null;
  readonly diploma: { readonly code: string; readonly label: string } | null;
  readonly track: string | null;
  readonly millesime: string;
  readonly uai: string | null;
  readonly establishmentName: string | null;
  readonly regionCode: string | null;
  readonly finalYearStudents: number | null;
  readonly leavers: number | null;
  readonly employmentRate6Months: number | null;
  readonly employmentRate12Months: number | null;
  readonly employmentRate24Months: number | null;
  readonly furtherStudyRate: number | null;
  readonly otherRate6Months: number | null;
  readonly salary12Months: { readonly q1: number | null; readonly median: number | null; readonly q3: number | null } | null;
  /** For a non-final year: the final years that carry its figures (`certificationsTerminales`). */
  readonly terminalCertifications: readonly FormationModel[];
}

export interface DatasetModel {
  readonly id: string;
  readonly slug: string | null;
  readonly title: string;
  readonly description: string | null;
  readonly url: string | null;
  readonly organization: { readonly id: string; readonly name: string; readonly slug: string | null } | null;
  readonly tags: readonly string[];
  readonly license: string | null;
  readonly frequency: string | null;
  readonly lastModified: string | null;
  readonly resources: readonly {
    readonly id: string;
    readonly title: string | null;
    readonly format: string | null;
    readonly url: string;
  }[];
  readonly communeCodes: readonly string[];
}

export interface DiscussionModel {
  readonly id: string;
  readonly title: string;
  readonly createdAt: string;
  readonly closedAt: string | null;
  readonly messages: readonly { readonly content: string; readonly postedOn: string; readonly author: string | null }[];
}

export interface StatCubeModel {
  readonly dataset: string;
  readonly label: string | null;
  readonly year: number | null;
  readonly cells: {
    readonly measure: string;
    readonly modalities: readonly { readonly variable: string; readonly code: string }[];
    readonly value: number | null;
  }[];
}
