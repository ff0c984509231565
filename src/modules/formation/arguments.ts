import { each, text } from '../../graphql/argument-checks.js';
import { isValidUai } from '../../identifiers/index.js';
import { regionCode } from '../territory/arguments.js';

const uai = text((v) => (isValidUai(v) ? undefined : `"${v}" is not a valid UAI (7 digits and the check letter, e.g. 0441234J)`));
const certification = text((v) =>
  /^((CFD:)?[0-9A-Z]{8}|(MEFSTAT11:)?[0-9A-Z]{11}|SISE:[0-9A-Z]{7})$/.test(v)
    ? undefined
    : `"${v}" is not a certification code (CFD: 8 characters, MEFSTAT11: 11, or SISE: followed by 7)`,
);
const millesime = text((v) => (/^\d{4}(_\d{4})?$/.test(v) ? undefined : `"${v}" is not a millésime (2024 or 2023_2024)`));

/** A Formation's id, made of its parts (see from-inserjeunes.ts), each checked as its own argument. */
const formationId = text((v) => {
  const [kind, ...parts] = v.split('/');
  const problem =
    kind === 'national' && parts.length === 2
      ? (certification(parts[0]) ?? millesime(parts[1]))
      : kind === 'regional' && parts.length === 3
        ? (regionCode(parts[0]) ?? certification(parts[1]) ?? millesime(parts[2]))
        : kind === 'establishment' && parts.length === 3
          ? (uai(parts[0]) ?? certification(parts[1]) ?? millesime(parts[2]))
          : 'not of the form national/<code>/<millésime>, regional/<region>/<code>/<millésime> or establishment/<uai>/<code>/<millésime>';
  return problem && `"${v}" is not a Formation id: ${problem}`;
});

export const formationArguments = {
  'Query.formation(code:)': certification,
  'Query.formation(region:)': regionCode,
  'Query.formation(uai:)': uai,
  'Query.formation(millesime:)': millesime,
  'Commune.formations(millesime:)': millesime,
  'FormationFilter.codes': each(certification),
  'FormationFilter.region': regionCode,
  'FormationFilter.uais': each(uai),
  'FormationFilter.millesime': millesime,
};

export const formationEntities = { Formation: { key: 'id', check: formationId } };
