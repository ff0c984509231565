export { isValidSiren, isValidSiret, luhnCheckDigit, luhnSum, LA_POSTE_SIREN } from './siret.js';
export { isValidUai, uaiCheckLetter } from './uai.js';
