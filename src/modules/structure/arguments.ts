import { each, text } from '../../graphql/argument-checks.js';
import { isValidSiret } from '../../identifiers/index.js';
import { communeCode, departmentCode, regionCode } from '../territory/arguments.js';

const SIAE_KINDS = new Set(['EI', 'AI', 'ACI', 'ETTI', 'EITI', 'GEIQ', 'SEP', 'EA', 'EATT', 'ESAT']);

const siret = text((v) => (isValidSiret(v) ? undefined : `"${v}" is not a valid SIRET (14 digits with a valid check digit)`));
const siaeKind = text((v) => (SIAE_KINDS.has(v) ? undefined : `"${v}" is not an SIAE kind (${[...SIAE_KINDS].join(', ')})`));

/**
 * Identifiers end up in an upstream path. Each has a strict form, so that no value (`.`, `..`, a
 * `/`, a `?`…) can reach another route: the path builder (policies/path.ts) refuses such segments
 * too, but here they are refused before anything runs, naming the argument.
 */
const DATA_INCLUSION_ID = /^[a-z0-9][a-z0-9_-]*--[A-Za-z0-9][A-Za-z0-9._:~+-]{0,199}$/;

/** data·inclusion's `<source>--<id>` (structures and services). */
export const dataInclusionId = (what: string) =>
  text((v) =>
    DATA_INCLUSION_ID.test(v)
      ? undefined
      : `"${v}" is not a ${what} id (<source>--<id at the producer>: letters, digits and . _ : ~ + -, e.g. dora--AidantsConnect:2024-47BXY)`,
  );

/** data·inclusion's `<source>--<id>`, which also covers the Marché's structures, `marche--<n>`. */
export const structureId = dataInclusionId('structure');

export const structureArguments = {
  'Query.structure(id:)': structureId,
  'Query.structure(siret:)': siret,
  'StructureFilter.commune': communeCode,
  'StructureFilter.department': departmentCode,
  'StructureFilter.region': regionCode,
  'StructureFilter.siret': siret,
  'StructureFilter.siaeKinds': each(siaeKind),
};

export const structureEntities = { Structure: { key: 'id', check: structureId } };
