// Letters used as UAI check keys: the alphabet without I, O and Q.
const UAI_KEYS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

/** Check letter of a UAI (school establishment id): its seven digits modulo 23. */
export function uaiCheckLetter(stem: string): string {
  return UAI_KEYS[Number(stem) % 23]!;
}

/** Seven digits (the first three locate the department; Corsica is 620/720) and the check letter. */
export function isValidUai(uai: string): boolean {
  return /^\d{7}[A-Z]$/.test(uai) && uaiCheckLetter(uai.slice(0, 7)) === uai[7];
}
