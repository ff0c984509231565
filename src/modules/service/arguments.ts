import { each, text } from '../../graphql/argument-checks.js';
import { CATEGORIES, THEMATIQUES } from '../../sources/data-inclusion/vocabulary.js';
import { dataInclusionId, structureId } from '../structure/arguments.js';
import { communeCode, departmentCode } from '../territory/arguments.js';

const THEMES = new Set<string>([...THEMATIQUES, ...CATEGORIES]);

const theme = text((v) => (THEMES.has(v) ? undefined : `"${v}" is not a data·inclusion theme or theme category`));
const serviceId = dataInclusionId('service');

export const serviceArguments = {
  'Query.service(id:)': serviceId,
  'ServiceFilter.commune': communeCode,
  'ServiceFilter.department': departmentCode,
  'ServiceFilter.themes': each(theme),
  'ServiceFilter.structure': structureId,
  'Commune.services(themes:)': each(theme),
};

export const serviceEntities = { Service: { key: 'id', check: serviceId } };
