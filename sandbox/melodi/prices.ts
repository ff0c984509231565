import { Random } from '../seed/random.js';
import { key, type Dataset } from './dataset.js';

/*
 * The consumer price index, a dataset the product does not read: it is here because Insee's own
 * client was recorded on it (data_DS_IPC_PRINC_DEP-974_*), with its other measure name
 * (`OBS_VALUE_INDICE_DE_PRIX`), its attributes and its monthly periods. Overseas departments and
 * France only; base 2025 = 100.
 */
const IPC_MONTHS = Array.from({ length: 23 }, (_, i) => `${2025 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
const IPC_GROUPS = ['4000', '4001', '4002'];
const round = Math.round;

export const ipc: Dataset = {
  id: 'DS_IPC_PRINC',
  geoYear: 2025,
  coverage: 'FE',
  levels: ['DEP', 'FRANCE'],
  hasZone: (zone) => (zone.level === 'FRANCE' ? zone.code === 'F' : zone.code.length === 3),
  dimensions: [
    { code: 'SEASONAL_ADJUST', values: ['N'] },
    { code: 'BASE_PER', values: ['2025'] },
    { code: 'PRODUCT_GROUP', values: IPC_GROUPS },
    { code: 'COICOP_2018', values: ['_Z'] },
    { code: 'IDX_TYPE', values: ['CPI'] },
    { code: 'TPH_CPI', values: ['_T'] },
    { code: 'FREQ', values: ['M'] },
    { code: 'TIME_PERIOD', values: IPC_MONTHS },
    { code: 'UNIT_MEASURE', values: ['IX'] },
    { code: 'IND_TYPE', values: ['IX'] },
  ],
  measure: 'OBS_VALUE_INDICE_DE_PRIX',
  scale: 100,
  cells: () => ({}),
  zoneCells(zone) {
    const out: Record<string, number> = {};
    for (const group of IPC_GROUPS) {
      const r = new Random(`melodi:ipc:${zone.code}:${group}`);
      const monthly = 0.0005 + 0.003 * r.next();
      IPC_MONTHS.forEach((month, i) => {
        const index = 100 * Math.pow(1 + monthly, i - 5.5) * (1 + 0.004 * (r.next() - 0.5));
        out[key('N', '2025', group, '_Z', 'CPI', '_T', 'M', month, 'IX', 'IX')] = round(index * 100);
      });
    }
    return out;
  },
  attributes: () => ({ OBS_STATUS: 'A', DECIMALS: '2', CONF_STATUS: 'F' }),
};
