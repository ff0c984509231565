/** What the territory types resolve from: the embedded official geography's own records. */
export type {
  Arrondissement as ArrondissementModel,
  Commune as CommuneModel,
  Department as DepartmentModel,
  Epci as EpciModel,
  FormerCommune as FormerCommuneModel,
  Region as RegionModel,
} from '../../geography/index.js';

/** Levels of the `ZoneLevel` enum, as Insee names them (ARM is the product's: Insee files municipal arrondissements under COM). */
export type ZoneLevelName = 'COM' | 'ARM' | 'ARR' | 'EPCI' | 'DEP' | 'REG' | 'FE' | 'ZE2020' | 'UU2020' | 'AAV2020';

/** A zone of any level: its name from the embedded geography, null where it has none (study zonings). */
export interface ZoneModel {
  readonly level: ZoneLevelName;
  readonly code: string;
  readonly name: string | null;
}
