import { businessCreations } from './business-creations.js';
import { rpEmployment, rpHousing, rpPopulation, popref } from './census.js';
import { vitalEvents } from './civil-register.js';
import type { Dataset } from './dataset.js';
import { filosofi } from './filosofi.js';
import { ipc } from './prices.js';

export type { Dataset, Dimension } from './dataset.js';

/** The datasets the simulator serves, in catalogue order. */
export const DATASETS: readonly Dataset[] = [
  ipc,
  popref,
  rpPopulation,
  rpEmployment,
  rpHousing,
  filosofi,
  vitalEvents('DS_ETAT_CIVIL_NAIS_COMMUNES', 'LVB'),
  vitalEvents('DS_ETAT_CIVIL_DECES_COMMUNES', 'DTH'),
  businessCreations,
];

const byId = new Map(DATASETS.map((d) => [d.id, d]));

export function datasetById(id: string): Dataset | undefined {
  return byId.get(id);
}
