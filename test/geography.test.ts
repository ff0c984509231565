import { describe, expect, it } from 'vitest';
import { geography } from '../src/geography/index.js';

describe('embedded geography', () => {
  const g = geography();

  it('holds every current commune and municipal arrondissement, and no delegated commune', () => {
    expect(g.communes.filter((c) => c.kind === 'commune').length).toBe(34_969);
    expect(g.communes.filter((c) => c.kind === 'arrondissement-municipal').length).toBe(45);
    expect(new Set(g.communes.map((c) => c.code)).size).toBe(g.communes.length);
    expect(g.departments.length).toBe(109);
    expect(g.regions.length).toBe(26);
    expect(g.epcis.length).toBe(1255);
  });

  it('knows Nantes, Corsica, overseas and Paris with its arrondissements', () => {
    const nantes = g.commune('44109')!;
    expect(nantes).toMatchObject({ name: 'Nantes', departmentCode: '44', regionCode: '52', population: 327_734 });
    expect(g.epci(nantes.epciCode!)!.memberCodes).toContain('44109');
    expect(g.commune('2A004')!.name).toBe('Ajaccio');
    expect(g.commune('97411')!.departmentCode).toBe('974');
    expect(g.arrondissementsOf('75056').map((c) => c.code)).toHaveLength(20);
    expect(g.commune('75111')!.parentCode).toBe('75056');
    expect(g.arrondissementsOf('44109')).toHaveLength(0);
    expect(g.communesOfPostalCode('44000').map((c) => c.code)).toContain('44109');
  });

  it('searches names regardless of accents, case and punctuation, biggest first', () => {
    const found = g.searchCommunes('saint-etienne');
    expect(found[0]!.code).toBe('42218');
    expect(found.every((c) => /saint[- ]etienne/i.test(c.name.normalize('NFD').replace(/[\u0300-\u036f]/g, '')))).toBe(true);
    expect(g.searchCommunes('ÉVRY')[0]!.name).toMatch(/^[ÉE]vry/);
    expect(g.searchCommunes('  ')).toEqual([]);
  });
});
