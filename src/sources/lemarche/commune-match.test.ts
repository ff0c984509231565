import { describe, expect, it } from 'vitest';
import { communeOfAddress } from './commune-match.js';

const codeOf = (postCode: string | null, city: string | null, department: string | null) =>
  communeOfAddress(postCode, city, department)?.code ?? null;

describe('communeOfAddress (Marché addresses typed as free text)', () => {
  it('a postal code shared by several communes is told apart by the city, however it is written', () => {
    // 44470: Carquefou, Mauves-sur-Loire and Thouaré-sur-Loire.
    expect(codeOf('44470', 'THOUARE SUR LOIRE', '44')).toBe('44204');
    expect(codeOf('44470', 'Mauves-sur-Loire', '44')).toBe('44094');
    // 44680: Chaumes-en-Retz, Saint-Hilaire-de-Chaléons, Saint-Mars-de-Coutais, Sainte-Pazanne…
    expect(codeOf('44680', 'ST MARS DE COUTAIS', '44')).toBe('44178');
    expect(codeOf('44680', 'Ste Pazanne', '44')).toBe('44186');
  });

  it('a postal code of one commune is enough, whatever the city typed', () => {
    expect(codeOf('44300', null, '44')).toBe('44109');
    expect(codeOf('44300', 'NANTES CEDEX', '44')).toBe('44109');
  });

  it('Paris, Lyon and Marseille resolve to the arrondissement of the postal code', () => {
    expect(codeOf('75011', 'PARIS', '75')).toBe('75111');
    expect(codeOf('69003', 'Lyon 3e Arrondissement', '69')).toBe('69383');
  });

  it('without a postal code, the city is looked for in its department', () => {
    expect(codeOf(null, 'Rezé', '44')).toBe('44143');
  });

  it('an address still written with a former commune’s name lands in the commune it joined', () => {
    // 01200 is shared by nine communes; Châtillon-en-Michaille is now a delegated commune of Valserhône.
    expect(codeOf('01200', 'CHATILLON EN MICHAILLE', '01')).toBe('01033');
    expect(codeOf(null, 'Équeurdreville-Hainneville', '50')).toBe('50129');
    // A current commune of that name still comes first.
    expect(codeOf('01200', 'Valserhône', '01')).toBe('01033');
  });

  it('null rather than a guess: a shared postal code without a known city, a postal code of another department, nothing to go on', () => {
    expect(codeOf('44470', 'Atlantis', '44')).toBeNull();
    expect(codeOf('44470', null, '44')).toBeNull();
    expect(codeOf('75011', 'PARIS', '44')).toBeNull();
    expect(codeOf(null, null, null)).toBeNull();
  });
});
