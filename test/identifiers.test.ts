import { describe, expect, it } from 'vitest';
import { isValidSiren, isValidSiret, isValidUai, luhnCheckDigit } from '../src/identifiers/index.js';
import { generateLaPosteSiret, generateSiret, generateUai } from '../sandbox/seed/identifiers.js';
import { Random } from '../sandbox/seed/random.js';

describe('SIRET', () => {
  it('accepts Luhn-valid numbers and rejects others', () => {
    expect(isValidSiret('73282932000074')).toBe(true);
    expect(isValidSiret('73282932000075')).toBe(false);
    expect(isValidSiret('7328293200007')).toBe(false);
    expect(isValidSiret('7328293200007A')).toBe(false);
  });

  it('applies the La Poste digit-sum rule only to SIREN 356000000', () => {
    expect(isValidSiret('35600000049837')).toBe(true); // digit sum 45, not Luhn-valid
    expect(isValidSiret('35600000000048')).toBe(true); // head office, Luhn-valid
    expect(isValidSiret('35600000049838')).toBe(false);
    expect(isValidSiret('12300000049837')).toBe(false);
  });

  it('computes check digits that make SIREN and SIRET valid', () => {
    expect(isValidSiren(`73282932${luhnCheckDigit('73282932')}`)).toBe(true);
    const random = new Random('test');
    for (let i = 0; i < 200; i++) {
      const siret = generateSiret(random);
      expect(isValidSiret(siret)).toBe(true);
      expect(isValidSiren(siret.slice(0, 9))).toBe(true);
    }
    expect(isValidSiret(generateLaPosteSiret(random))).toBe(true);
  });
});

describe('UAI', () => {
  it('checks the key letter (digits modulo 23 over an alphabet without I, O, Q)', () => {
    expect(isValidUai('0751234J')).toBe(true);
    expect(isValidUai('0751234K')).toBe(false);
    expect(isValidUai('0751234j')).toBe(false);
    expect(isValidUai('075123J')).toBe(false);
    const random = new Random('uai');
    for (const department of ['44', '2A', '2B', '974']) {
      const uai = generateUai(department, random);
      expect(isValidUai(uai)).toBe(true);
    }
    expect(generateUai('2A', random).startsWith('620')).toBe(true);
  });
});
