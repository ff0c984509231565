/**
 * What structures resolve from. A structure's services (from its detail) and a service's structure
 * (embedded by the upstream) refer to each other, so the service model lives here too, beside the
 * structure's, and the service module re-exports it.
 */

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
