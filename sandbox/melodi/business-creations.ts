import { Random } from '../seed/random.js';
import { populationIn } from './profile.js';
import { ALL_LEVELS, key, sum, type Dataset } from './dataset.js';
import type { Unit } from './territory.js';

/*
 * Business creations (DS_SIDE_CREA_ENT_COM, SIDE): new legal units registered in the year, at
 * their head office, 2012-2025 in the real service (the 2025 edition, August 2026), by activity (A10 without
 * agriculture, the source's field) and legal form, with Insee's totals `_T` on both dimensions
 * beside the details, and the measure as a dimension of its own (SIDE_MEASURE `BURE`).
 *
 * What third-party readers of the real files show, none of it in a recording (insee-melodi.md
 * §6 [E26] [E27] and the public code the report of this change names): the columns ACTIVITY,
 * LEGAL_FORM, SIDE_MEASURE, FREQ, TIME_PERIOD and OBS_STATUS; SIDE_MEASURE `BURE` for firms
 * (`UNIT_LOC_BURE` in the establishments' twin); activities BE…RU; legal forms `10` (sole
 * proprietors, micro-entrepreneurs included), `54` (SARL), `57` (SAS); 50 observations per zone
 * and year in the 2024 edition, hence a fifth code, taken to be `OTH_SIDE` (other companies:
 * UNCONFIRMED). France's creations double from about 0.55 million (2012) to 1.17 million (2025).
 *
 * Each commune's total of a year is drawn from its population, then shared out among the 36
 * details by largest remainders, so that every total is exactly the sum of its details.
 */

/**
 * The last two years of the 2012-2025 series: every year would make 700 figures per commune,
 * which France's sum of 35 000 communes takes some 45 s and 200 MB to compute on a loaded
 * machine (the server reads the latest year only).
 */
const YEARS = ['2024', '2025'];
const ACTIVITIES = ['BE', 'FZ', 'GI', 'JZ', 'KZ', 'LZ', 'MN', 'OQ', 'RU'];
const LEGAL_FORMS = ['10', '54', '57', 'OTH_SIDE'];
/** Rough national shares of each detail (a choice of the simulation, near the published structure). */
const ACTIVITY_SHARES = [0.04, 0.09, 0.3, 0.05, 0.04, 0.04, 0.22, 0.12, 0.1];
const LEGAL_FORM_SHARES = [0.7, 0.08, 0.19, 0.03];
/** Creations per inhabitant in 2025, and each year's level relative to 2025 (the national trend's shape). */
const RATE_2025 = 0.0163;
const TREND: Record<string, number> = {
  '2012': 0.47,
  '2013': 0.47,
  '2014': 0.48,
  '2015': 0.47,
  '2016': 0.5,
  '2017': 0.54,
  '2018': 0.62,
  '2019': 0.72,
  '2020': 0.75,
  '2021': 0.87,
  '2022': 0.88,
  '2023': 0.87,
  '2024': 0.95,
  '2025': 1,
};
const MEASURE = 'BURE';

/** `total` shared out in proportion to `weights` (largest remainders): whole numbers summing to it. */
function shareOut(total: number, weights: readonly number[]): number[] {
  const whole = sum(weights);
  const exact = weights.map((w) => (total * w) / whole);
  const parts = exact.map(Math.floor);
  const order = exact.map((x, i) => [x - parts[i]!, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const missing = total - sum(parts);
  for (let k = 0; k < missing; k++) parts[order[k]![1]]!++;
  return parts;
}

export const businessCreations: Dataset = {
  id: 'DS_SIDE_CREA_ENT_COM',
  geoYear: 2025,
  coverage: 'FE',
  levels: ALL_LEVELS,
  dimensions: [
    { code: 'FREQ', values: ['A'] },
    { code: 'TIME_PERIOD', values: YEARS },
    { code: 'ACTIVITY', values: [...ACTIVITIES, '_T'] },
    { code: 'LEGAL_FORM', values: [...LEGAL_FORMS, '_T'] },
    { code: 'SIDE_MEASURE', values: [MEASURE] },
  ],
  measure: 'OBS_VALUE_NIVEAU',
  scale: 1,
  cells(unit: Unit) {
    const r = new Random(`melodi:side:${unit.code}`);
    // Head offices gather in some communes (business centres, domiciliation firms).
    const attraction = 0.5 + r.next() * (r.chance(0.05) ? 3 : 1);
    const weights = ACTIVITY_SHARES.flatMap((a) => LEGAL_FORM_SHARES.map((l) => a * l * (0.6 + 0.8 * r.next())));
    const out: Record<string, number> = {};
    for (const year of YEARS) {
      const expected = populationIn(unit, Number(year)) * RATE_2025 * TREND[year]! * attraction;
      const total = Math.max(0, Math.round(expected * (0.85 + 0.3 * r.next())));
      const parts = shareOut(total, weights);
      const cell = (activity: string, form: string, value: number) => (out[key('A', year, activity, form, MEASURE)] = value);
      ACTIVITIES.forEach((activity, i) => {
        const row = parts.slice(i * LEGAL_FORMS.length, (i + 1) * LEGAL_FORMS.length);
        LEGAL_FORMS.forEach((form, j) => cell(activity, form, row[j]!));
        cell(activity, '_T', sum(row));
      });
      LEGAL_FORMS.forEach((form, j) => cell('_T', form, sum(ACTIVITIES.map((_, i) => parts[i * LEGAL_FORMS.length + j]!))));
      cell('_T', '_T', total);
    }
    return out;
  },
  attributes: () => ({ OBS_STATUS: 'A' }),
};
