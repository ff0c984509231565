import { populationIn, profileOf } from './profile.js';
import { ALL_LEVELS, key, type Dataset } from './dataset.js';

/* Births and deaths by commune of residence (état civil), 2008-2025 in the 2025 geography. */

const round = Math.round;
const VITAL_YEARS = Array.from({ length: 2025 - 2008 + 1 }, (_, i) => String(2008 + i));

export function vitalEvents(id: string, measure: 'LVB' | 'DTH'): Dataset {
  return {
    id,
    geoYear: 2025,
    coverage: 'FE',
    levels: ALL_LEVELS,
    dimensions: [
      { code: 'FREQ', values: ['A'] },
      { code: 'TIME_PERIOD', values: VITAL_YEARS },
      { code: 'EC_MEASURE', values: [measure] },
    ],
    measure: 'OBS_VALUE_NIVEAU',
    scale: 1,
    cells(unit) {
      const p = profileOf(unit);
      const rate = measure === 'LVB' ? p.birthRate : p.deathRate;
      const out: Record<string, number> = {};
      for (const year of VITAL_YEARS) {
        out[key('A', year, measure)] = round(populationIn(unit, Number(year)) * rate * (1 + 25 * p.noise(Number(year))));
      }
      return out;
    },
  };
}
