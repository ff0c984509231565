/** What the territory types resolve from: the embedded official geography's own records. */
export type {
  Commune as CommuneModel,
  Department as DepartmentModel,
  Epci as EpciModel,
  Region as RegionModel,
} from '../../geography/index.js';
