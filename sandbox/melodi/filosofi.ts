import { populationIn, profileOf } from './profile.js';
import { ALL_LEVELS, key, sum, type Dataset } from './dataset.js';

/*
 * Filosofi: medians and poverty rates are not published for small zones (statistical secrecy).
 * How Melodi's JSON writes such a cell is UNCONFIRMED (insee-melodi.md §4.3: `measures` key
 * absent, `{}` or `{"value":null}`). The sandbox keeps the observation, marks it with
 * `CONF_STATUS: "C"` (confidential) and `OBS_STATUS: "O"` (missing value), the codes the
 * catalogue's scope notes give, and writes the measure as `{}`: the service omits empty members
 * (observations without attributes carry no `attributes` key at all), so a null value most
 * likely disappears the same way.
 */
const FILOSOFI_MEASURES = ['NUM_HH', 'MED_SL', 'PR_MD60'];
/** Households below which a figure is secret: medians under 50, poverty rates under 1 000 (a choice of the simulation). */
const SECRET_BELOW: Record<string, number> = { MED_SL: 50, PR_MD60: 1000 };
const FILOSOFI_SCALE = 10;

const round = Math.round;

export const filosofi: Dataset = {
  id: 'DS_FILOSOFI_CC',
  geoYear: 2025,
  coverage: 'FMMR',
  levels: ALL_LEVELS,
  dimensions: [
    { code: 'FREQ', values: ['A'] },
    { code: 'TIME_PERIOD', values: ['2021'] },
    { code: 'FILOSOFI_MEASURE', values: FILOSOFI_MEASURES },
  ],
  measure: 'OBS_VALUE_NIVEAU',
  scale: FILOSOFI_SCALE,
  cells(unit) {
    const p = profileOf(unit);
    return {
      [key('A', '2021', 'NUM_HH')]: round(populationIn(unit, 2021) / p.householdSize) * FILOSOFI_SCALE,
      [key('A', '2021', 'MED_SL')]: round(p.median / 10) * 10 * FILOSOFI_SCALE,
      [key('A', '2021', 'PR_MD60')]: round(p.povertyRate * FILOSOFI_SCALE),
    };
  },
  aggregate(vectors, combos) {
    const [hh, median, rate] = ['NUM_HH', 'MED_SL', 'PR_MD60'].map((m) => combos.indexOf(key('A', '2021', m)));
    const out = new Float64Array(combos.length);
    const households = sum(vectors.map((v) => v[hh!]!));
    const weighted = (i: number) => sum(vectors.map((v) => v[i]! * v[hh!]!)) / Math.max(households, 1);
    out[hh!] = households;
    out[median!] = round(weighted(median!) / (10 * FILOSOFI_SCALE)) * 10 * FILOSOFI_SCALE;
    out[rate!] = round(weighted(rate!));
    return out;
  },
  hidden(vector, combo, combos) {
    const measure = combos[combo]!.split('|')[2]!;
    const households = vector[combos.indexOf(key('A', '2021', 'NUM_HH'))]! / FILOSOFI_SCALE;
    return households < (SECRET_BELOW[measure] ?? 0);
  },
  attributes(combo, hidden) {
    const measure = combo[2]!;
    return {
      UNIT_MEASURE: measure === 'NUM_HH' ? 'HH' : measure === 'MED_SL' ? 'EUR_YR' : 'PT',
      UNIT_MULT: '0',
      CONF_STATUS: hidden ? 'C' : 'F',
      OBS_STATUS: hidden ? 'O' : 'A',
    };
  },
};
