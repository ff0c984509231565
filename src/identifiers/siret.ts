/** SIREN of La Poste: its establishments' SIRETs fail the Luhn check and follow their own rule. */
export const LA_POSTE_SIREN = '356000000';

/** Luhn sum of a digit string (rightmost digit not doubled). */
export function luhnSum(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum;
}

/** Digit that, appended to `digits`, makes the whole string pass the Luhn check. */
export function luhnCheckDigit(digits: string): string {
  return String((10 - (luhnSum(`${digits}0`) % 10)) % 10);
}

export function isValidSiren(siren: string): boolean {
  return /^\d{9}$/.test(siren) && luhnSum(siren) % 10 === 0;
}

/**
 * A SIRET is 14 digits passing the Luhn check. La Poste has more establishments than Luhn leaves
 * numbers for, so INSEE also accepts its SIRETs whose digits add up to a multiple of 5.
 */
export function isValidSiret(siret: string): boolean {
  if (!/^\d{14}$/.test(siret)) return false;
  if (luhnSum(siret) % 10 === 0) return true;
  if (!siret.startsWith(LA_POSTE_SIREN)) return false;
  let sum = 0;
  for (const ch of siret) sum += ch.charCodeAt(0) - 48;
  return sum % 5 === 0;
}
