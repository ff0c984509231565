/*
 * Everything the sandbox takes from the product (src/), in one place: the door between the two.
 *
 * The simulators generate their data around the real geography and must agree with the product
 * on a few published facts, so they share them rather than keep copies that could drift apart:
 * - the official geography (communes, departments, regions, EPCI) and its name folding;
 * - the names of the five sources;
 * - the official check-key algorithms of SIRET and UAI, so that generated identifiers are valid;
 * - data·inclusion's published enumerations, which its API validates filters against.
 * All four are leaves of the product: they import nothing else of it.
 *
 * The other way round is forbidden: the product never imports the sandbox, except that its
 * composition root loads it on demand in sandbox mode (src/embedded-sandbox.ts).
 */

export { foldName, geography, slugify, type Commune, type Department } from '../src/geography/index.js';
export { LA_POSTE_SIREN, luhnCheckDigit, luhnSum, uaiCheckLetter } from '../src/identifiers/index.js';
export { SOURCE_NAMES, type SourceName } from '../src/sources/names.js';
export {
  CATEGORIES,
  FRAIS,
  MODES_ACCUEIL,
  MODES_MOBILISATION,
  PERSONNES_MOBILISATRICES,
  PUBLICS,
  RESEAUX_PORTEURS,
  THEMATIQUES,
  TYPES_SERVICES,
  type Thematique,
} from '../src/sources/data-inclusion/vocabulary.js';
