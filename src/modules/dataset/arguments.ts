import { text } from '../../graphql/argument-checks.js';
import { communeCode } from '../territory/arguments.js';

/** data.gouv.fr objects: an id (24 hexadecimal digits) or a slug (lower-case letters, digits and -). */
const datagouvId = (what: string) =>
  text((v) =>
    /^[a-z0-9][a-z0-9-]{0,254}$/.test(v)
      ? undefined
      : `"${v}" is not a data.gouv.fr ${what} id (24 hexadecimal digits) or slug ([a-z0-9-])`,
  );
const datasetId = datagouvId('dataset');
const userId = datagouvId('user');

export const datasetArguments = {
  'Query.dataset(id:)': datasetId,
  'DatasetFilter.commune': communeCode,
  'DatasetFilter.organization': datagouvId('organization'),
  'Mutation.updateDataset(id:)': datasetId,
  'Query.user(id:)': userId,
};

export const datasetEntities = { Dataset: { key: 'id', check: datasetId }, User: { key: 'id', check: userId } };
