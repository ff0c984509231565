import { LA_POSTE_SIREN, luhnCheckDigit, luhnSum, uaiCheckLetter } from '../product.js';
import type { Random } from './random.js';

/** A SIRET whose SIREN and whole number both pass the Luhn check. */
export function generateSiret(random: Random): string {
  const sirenStem = String(random.int(1, 9)) + random.digits(7);
  const siren = sirenStem + luhnCheckDigit(sirenStem);
  const nicStem = random.digits(4);
  return siren + nicStem + luhnCheckDigit(siren + nicStem);
}

/** A La Poste establishment SIRET that fails Luhn but passes INSEE's digit-sum rule. */
export function generateLaPosteSiret(random: Random): string {
  for (;;) {
    const siret = LA_POSTE_SIREN + random.digits(5);
    let sum = 0;
    for (const ch of siret) sum += ch.charCodeAt(0) - 48;
    if (sum % 5 === 0 && luhnSum(siret) % 10 !== 0) return siret;
  }
}

/** A UAI of a school in `departmentCode` (three-digit prefix), with its check letter. */
export function generateUai(departmentCode: string, random: Random): string {
  const prefix = departmentCode === '2A' ? '620' : departmentCode === '2B' ? '720' : departmentCode.padStart(3, '0');
  const stem = prefix + random.digits(4);
  return stem + uaiCheckLetter(stem);
}

/** A MongoDB-like ObjectId (24 hex digits) with a plausible creation timestamp. */
export function generateObjectId(random: Random, createdAt: Date): string {
  return (
    Math.floor(createdAt.getTime() / 1000)
      .toString(16)
      .padStart(8, '0') + random.hex(16)
  );
}

/** A version-4-shaped UUID. */
export function generateUuid(random: Random): string {
  const h = random.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** An ISO date (YYYY-MM-DD) between `from` and `to`. */
export function generateDate(random: Random, from: string, to: string): string {
  const start = Date.parse(from);
  const end = Date.parse(to);
  return new Date(start + random.next() * (end - start)).toISOString().slice(0, 10);
}
