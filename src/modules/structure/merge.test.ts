import { describe, expect, it } from 'vitest';
import { geography } from '../../geography/index.js';
import type { DiStructure } from '../../sources/data-inclusion/schemas.js';
import { mergeStructures } from './merge.js';
import type { SiaeModel } from './models.js';

// Nantes (44109) and Saint-Herblain (44162), department 44; Paris 11e (75111), department 75.
const NANTES = geography().commune('44109')!;
const PARIS = geography().commune('75056')!;

function inclusion(id: string, siret: string | null, communeCode: string): DiStructure {
  return { source: 'dora', id, nom: `Structure ${id}`, siret, code_insee: communeCode, reseaux_porteurs: [] };
}

function siae(id: string, siret: string, communeCode: string | null, kind = 'ACI'): SiaeModel {
  return {
    id,
    name: `SIAE ${id}`,
    brand: null,
    kind,
    siret,
    sectors: [],
    networks: [],
    isActive: true,
    address: { street: null, postalCode: null, city: null, communeCode, latitude: null, longitude: null },
    department: communeCode?.slice(0, 2) ?? null,
    offers: [],
    labels: [],
    updatedAt: null,
    website: `https://siae-${id}.example`,
  };
}

const BOTH = ['DATA_INCLUSION', 'MARCHE'] as const;

describe('mergeStructures', () => {
  it('completes a data·inclusion structure with the SIAE of the same SIRET, once', () => {
    const [merged, ...rest] = mergeStructures(
      [inclusion('dora--1', '11111111111111', '44109')],
      [siae('7', '11111111111111', '44109'), siae('8', '11111111111111', '44109')],
      { department: '44' },
      ['44'],
      [...BOTH],
      {},
    );
    expect(rest).toEqual([]);
    expect(merged).toMatchObject({ id: 'dora--1', sources: ['DATA_INCLUSION', 'MARCHE'], website: 'https://siae-7.example' });
    expect(merged!.siae?.id).toBe('7');
  });

  it('knows a structure has no SIAE only where the Marché list of its department was read', () => {
    const merged = mergeStructures(
      [inclusion('dora--44', '22222222222222', '44162'), inclusion('dora--49', '33333333333333', '49007')],
      [],
      { region: '52' },
      ['44'],
      [...BOTH],
      {},
    );
    expect(merged.map((s) => [s.id, s.siae])).toEqual([
      ['dora--44', null],
      ['dora--49', undefined],
    ]);
  });

  it('adds each SIAE the Marché alone knows, once per SIRET, and only those located in the commune asked for', () => {
    const merged = mergeStructures(
      [],
      [siae('1', '44444444444444', '44109'), siae('2', '44444444444444', '44109'), siae('3', '55555555555555', '44162')],
      { commune: NANTES },
      ['44'],
      [...BOTH],
      {},
    );
    expect(merged.map((s) => s.id)).toEqual(['marche--1']);
  });

  it('counts the arrondissements of Paris as Paris', () => {
    const merged = mergeStructures([], [siae('1', '66666666666666', '75111')], { commune: PARIS }, ['75'], [...BOTH], {});
    expect(merged.map((s) => s.id)).toEqual(['marche--1']);
  });

  it('leaves the Marché-only SIAE out when only data·inclusion is asked for, and filters by SIAE kind', () => {
    const structures = [inclusion('dora--1', '11111111111111', '44109'), inclusion('dora--2', '22222222222222', '44109')];
    const siaes = [
      siae('1', '11111111111111', '44109', 'EI'),
      siae('2', '22222222222222', '44109', 'ACI'),
      siae('3', '77777777777777', '44109', 'EI'),
    ];
    expect(mergeStructures(structures, siaes, { department: '44' }, ['44'], ['DATA_INCLUSION'], {}).map((s) => s.id)).toEqual([
      'dora--1',
      'dora--2',
    ]);
    expect(mergeStructures(structures, siaes, { department: '44' }, ['44'], [...BOTH], { siaeKinds: ['EI'] }).map((s) => s.id)).toEqual([
      'dora--1',
      'marche--3',
    ]);
  });
});
