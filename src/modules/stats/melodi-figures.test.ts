import { describe, expect, it } from 'vitest';
import { ageBandsOf, percent, sumOf, valueOf } from './melodi-figures.js';
import type { FigureSource } from './melodi-zone.js';
import type { MelodiRow } from '../../sources/melodi/observations.js';

const row = (dimensions: Record<string, string>, value: number | null): MelodiRow => ({
  geo: { year: 2026, level: 'COM', code: '44109' },
  dimensions: { FREQ: 'A', TIME_PERIOD: '2023', ...dimensions },
  measure: 'OBS_VALUE_NIVEAU',
  value,
  status: null,
});

describe('reading Melodi rows as Insee means them', () => {
  const source: FigureSource = { dataset: 'DS_RP_LOGEMENT_PRINC', filters: [['RP_MEASURE', ['DWELLINGS']]], period: 'latest' };
  // Details and totals side by side, as Melodi serves them: TDW (type of dwelling) beside OCS.
  const rows = [
    row({ RP_MEASURE: 'DWELLINGS', OCS: 'DW_MAIN', TDW: '_T' }, 100),
    row({ RP_MEASURE: 'DWELLINGS', OCS: 'DW_MAIN', TDW: '1' }, 60),
    row({ RP_MEASURE: 'DWELLINGS', OCS: 'DW_MAIN', TDW: '2' }, 40),
    row({ RP_MEASURE: 'DWELLINGS', OCS: '_T', TDW: '_T' }, 130),
  ];

  it('takes the row with the codes asked and every other breakdown at _T, whatever the row order', () => {
    expect(valueOf(rows, source, { OCS: 'DW_MAIN' })).toBe(100);
    expect(valueOf([...rows].reverse(), source, { OCS: 'DW_MAIN' })).toBe(100);
    expect(valueOf(rows, source, { OCS: '_T' })).toBe(130);
    expect(valueOf(rows, source, { OCS: 'DW_VAC' })).toBeNull();
  });

  it('sums a figure over zones, null if one lacks it; rates in percent from counts', () => {
    expect(sumOf([rows, rows], source, { OCS: 'DW_MAIN' })).toBe(200);
    expect(sumOf([rows, [row({ RP_MEASURE: 'DWELLINGS', OCS: 'DW_MAIN', TDW: '_T' }, null)]], source, { OCS: 'DW_MAIN' })).toBeNull();
    expect(percent(20, 136)).toBe(14.7);
    expect(percent(20, 0)).toBeNull();
  });

  it('chooses age bands that tile every age from 0, the finest where cuts overlap', () => {
    const codes = ['_T', 'Y_LT20', 'Y_LT15', 'Y15T24', 'Y20T64', 'Y25T39', 'Y40T54', 'Y55T64', 'Y65T79', 'Y_GE65', 'Y_GE80'];
    expect(ageBandsOf(codes).map((b) => [b.code, b.fromAge, b.toAge])).toEqual([
      ['Y_LT15', 0, 14],
      ['Y15T24', 15, 24],
      ['Y25T39', 25, 39],
      ['Y40T54', 40, 54],
      ['Y55T64', 55, 64],
      ['Y65T79', 65, 79],
      ['Y_GE80', 80, null],
    ]);
    // A gap stops the tiling rather than leaving a hole in it.
    expect(ageBandsOf(['Y_LT15', 'Y25T39']).map((b) => b.code)).toEqual(['Y_LT15']);
  });
});
