import { describe, expect, it } from 'vitest';
import { currentCommuneCode, geography } from '../src/geography/index.js';

describe('former communes and arrondissements of the embedded geography', () => {
  const g = geography();

  it('resolves a delegated, an associated and a merged code to today’s commune; a current code to itself', () => {
    expect(g.currentCommune('50173')?.code).toBe('50129');
    const associated = g.communes.flatMap((c) => g.formerCommunesOf(c.code)).find((f) => f.kind === 'associee')!;
    expect(g.currentCommune(associated.code)?.code).toBe(associated.currentCode);
    expect(g.currentCommune('27024')?.code).toBe('27198');
    expect(g.currentCommune('44109')?.code).toBe('44109');
    expect(g.currentCommune('99999')).toBeUndefined();
  });

  it('keeps codes it does not know as given, and null as null', () => {
    expect(currentCommuneCode('50173')).toBe('50129');
    expect(currentCommuneCode('99999')).toBe('99999');
    expect(currentCommuneCode(null)).toBeNull();
  });

  it('lists every arrondissement with its communes', () => {
    expect(g.arrondissements.length).toBeGreaterThan(300);
    expect(g.arrondissement('442')?.chefLieu).toBe('44109');
    const all = g.arrondissements.reduce((n, a) => n + g.communesOfArrondissement(a.code).length, 0);
    // Every current commune but Mayotte's and the overseas collectivities' has one.
    expect(all).toBe(g.communes.filter((c) => c.kind === 'commune' && c.departmentCode !== '976' && c.zone !== 'com').length);
  });
});
