import { each, text } from '../../graphql/argument-checks.js';

const inseeCode = text((v) => (/^[A-Za-z0-9_]{1,40}$/.test(v) ? undefined : `"${v}" is not an Insee dataset or variable code`));
const modality = text((v) =>
  /^(all|[A-Za-z0-9_]+(\+[A-Za-z0-9_]+)*)$/i.test(v) ? undefined : `"${v}" is not a modality selection (all, a code, or codes joined by +)`,
);

export const statsArguments = {
  'TerritoryStats.cube(dataset:)': inseeCode,
  'TerritoryStats.cube(variables:)': each(inseeCode),
  'TerritoryStats.cube(modalities:)': each(modality),
};
