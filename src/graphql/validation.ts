import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  TypeInfo,
  getArgumentValues,
  getNamedType,
  visit,
  visitWithTypeInfo,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { geography } from '../geography/index.js';
import { isValidSiret, isValidUai } from '../identifiers/index.js';
import { CATEGORIES, THEMATIQUES } from '../sources/data-inclusion/vocabulary.js';
import { memoByOperation } from '../caching/document-memo.js';
import { decodeCursor, MAX_FIRST } from './pagination.js';

/** A check of one argument value: a message when it is malformed. */
type Check = (value: unknown) => string | undefined;

const text =
  (check: (v: string) => string | undefined): Check =>
  (value) =>
    typeof value === 'string' ? check(value) : undefined;
const each =
  (check: Check): Check =>
  (value) =>
    Array.isArray(value) ? value.map(check).find(Boolean) : undefined;

const DEPARTMENTS = new Set(geography().departments.map((d) => d.code));
const REGIONS = new Set(geography().regions.map((r) => r.code));
const THEMES = new Set<string>([...THEMATIQUES, ...CATEGORIES]);
const SIAE_KINDS = new Set(['EI', 'AI', 'ACI', 'ETTI', 'EITI', 'GEIQ', 'SEP', 'EA', 'EATT', 'ESAT']);

const communeCode = text((v) =>
  /^(\d{5}|2[AB]\d{3})$/.test(v) && !v.startsWith('20')
    ? undefined
    : `"${v}" is not an Insee commune code (5 characters: 44109, 2A004, 97411)`,
);
const departmentCode = text((v) =>
  DEPARTMENTS.has(v) ? undefined : `"${v}" is not a department code (01 to 95, 2A, 2B, 971 to 976, 975 to 989)`,
);
const regionCode = text((v) =>
  REGIONS.has(v) ? undefined : `"${v}" is not an Insee region code (11, 24, 27, 28, 32, 44, 52, 53, 75, 76, 84, 93, 94, 01 to 06)`,
);
const postalCode = text((v) => (/^\d{5}$/.test(v) ? undefined : `"${v}" is not a postal code (5 digits)`));
const siret = text((v) => (isValidSiret(v) ? undefined : `"${v}" is not a valid SIRET (14 digits with a valid check digit)`));
const uai = text((v) => (isValidUai(v) ? undefined : `"${v}" is not a valid UAI (7 digits and the check letter, e.g. 0441234J)`));
const certification = text((v) =>
  /^((CFD:)?[0-9A-Z]{8}|(MEFSTAT11:)?[0-9A-Z]{11}|SISE:[0-9A-Z]{7})$/.test(v)
    ? undefined
    : `"${v}" is not a certification code (CFD: 8 characters, MEFSTAT11: 11, or SISE: followed by 7)`,
);
const millesime = text((v) => (/^\d{4}(_\d{4})?$/.test(v) ? undefined : `"${v}" is not a millésime (2024 or 2023_2024)`));
const theme = text((v) => (THEMES.has(v) ? undefined : `"${v}" is not a data·inclusion theme or theme category`));
const siaeKind = text((v) => (SIAE_KINDS.has(v) ? undefined : `"${v}" is not an SIAE kind (${[...SIAE_KINDS].join(', ')})`));
const inseeCode = text((v) => (/^[A-Za-z0-9_]{1,40}$/.test(v) ? undefined : `"${v}" is not an Insee dataset or variable code`));
const modality = text((v) =>
  /^(all|[A-Za-z0-9_]+(\+[A-Za-z0-9_]+)*)$/i.test(v) ? undefined : `"${v}" is not a modality selection (all, a code, or codes joined by +)`,
);

/**
 * Identifiers that end up in an upstream path. Each has a strict form, so that no value (`.`,
 * `..`, a `/`, a `?`…) can reach another route: the path builder (upstream/path.ts) refuses
 * such segments too, but here they are refused before anything runs, naming the argument.
 */
const DATA_INCLUSION_ID = /^[a-z0-9][a-z0-9_-]*--[A-Za-z0-9][A-Za-z0-9._:~+-]{0,199}$/;
const dataInclusionId = (what: string) =>
  text((v) =>
    DATA_INCLUSION_ID.test(v)
      ? undefined
      : `"${v}" is not a ${what} id (<source>--<id at the producer>: letters, digits and . _ : ~ + -, e.g. dora--AidantsConnect:2024-47BXY)`,
  );
/** data·inclusion's `<source>--<id>`, which also covers the Marché's structures, `marche--<n>`. */
const structureId = dataInclusionId('structure');
const serviceId = dataInclusionId('service');
/** data.gouv.fr objects: an id (24 hexadecimal digits) or a slug (lower-case letters, digits and -). */
const datagouvId = (what: string) =>
  text((v) =>
    /^[a-z0-9][a-z0-9-]{0,254}$/.test(v)
      ? undefined
      : `"${v}" is not a data.gouv.fr ${what} id (24 hexadecimal digits) or slug ([a-z0-9-])`,
  );
const epciCode = text((v) => (/^\d{9}$/.test(v) ? undefined : `"${v}" is not an EPCI code (its SIREN, 9 digits)`));

/** A Formation's id, made of its parts (see inserjeunes/mapping.ts), each checked as its own argument. */
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

/** Federation entity keys: each representation is checked as the argument it stands for. */
const ENTITY_KEYS: Record<string, { key: string; check: Check }> = {
  Commune: { key: 'code', check: communeCode },
  Department: { key: 'code', check: departmentCode },
  Region: { key: 'code', check: regionCode },
  Epci: { key: 'code', check: epciCode },
  Structure: { key: 'id', check: structureId },
  Service: { key: 'id', check: serviceId },
  Dataset: { key: 'id', check: datagouvId('dataset') },
  Formation: { key: 'id', check: formationId },
};

const representation: Check = (value) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'each representation must be an object';
  const fields = value as Record<string, unknown>;
  const type = fields.__typename;
  const entity = typeof type === 'string' && Object.hasOwn(ENTITY_KEYS, type) ? ENTITY_KEYS[type] : undefined;
  if (!entity) return `${JSON.stringify(type ?? null)} is not an entity type of this subgraph (${Object.keys(ENTITY_KEYS).join(', ')})`;
  const key = fields[entity.key];
  if (typeof key !== 'string' && typeof key !== 'number') return `a ${String(type)} representation needs its ${entity.key}`;
  const problem = entity.check(String(key));
  return problem && `${String(type)}.${entity.key}: ${problem}`;
};

/** Checks by schema coordinate: `Type.field(argument:)` for arguments, `Input.field` for input fields. */
const CHECKS: Record<string, Check> = {
  'Query.commune(code:)': communeCode,
  'Query.communes(postalCode:)': postalCode,
  'Query.communes(department:)': departmentCode,
  'Query.department(code:)': departmentCode,
  'Query.region(code:)': regionCode,
  'Query.structure(id:)': structureId,
  'Query.structure(siret:)': siret,
  'StructureFilter.commune': communeCode,
  'StructureFilter.department': departmentCode,
  'StructureFilter.region': regionCode,
  'StructureFilter.siret': siret,
  'StructureFilter.siaeKinds': each(siaeKind),
  'Query.service(id:)': serviceId,
  'ServiceFilter.commune': communeCode,
  'ServiceFilter.department': departmentCode,
  'ServiceFilter.themes': each(theme),
  'ServiceFilter.structure': structureId,
  'Commune.services(themes:)': each(theme),
  'Query.formation(code:)': certification,
  'Query.formation(region:)': regionCode,
  'Query.formation(uai:)': uai,
  'Query.formation(millesime:)': millesime,
  'Commune.formations(millesime:)': millesime,
  'FormationFilter.codes': each(certification),
  'FormationFilter.region': regionCode,
  'FormationFilter.uais': each(uai),
  'FormationFilter.millesime': millesime,
  'Query.dataset(id:)': datagouvId('dataset'),
  'DatasetFilter.commune': communeCode,
  'DatasetFilter.organization': datagouvId('organization'),
  'Mutation.updateDataset(id:)': datagouvId('dataset'),
  'Query._entities(representations:)': each(representation),
  'TerritoryStats.cube(dataset:)': inseeCode,
  'TerritoryStats.cube(variables:)': each(inseeCode),
  'TerritoryStats.cube(modalities:)': each(modality),
};

/** Checks every field's `first` and `after`, whatever the field. */
const PAGING: Record<string, Check> = {
  first: (value) =>
    typeof value === 'number' && (value < 1 || value > MAX_FIRST) ? `first must be between 1 and ${MAX_FIRST} (got ${value})` : undefined,
  after: text((v) => (decodeCursor(v) === undefined ? `"${v}" is not a cursor issued by this API` : undefined)),
};

function checkInput(type: GraphQLInputType, value: unknown, problems: string[]): void {
  if (value === null || value === undefined) return;
  if (type instanceof GraphQLNonNull) return checkInput(type.ofType, value, problems);
  if (type instanceof GraphQLList) {
    if (Array.isArray(value)) for (const item of value) checkInput(type.ofType, item, problems);
    return;
  }
  if (!(type instanceof GraphQLInputObjectType) || typeof value !== 'object') return;
  for (const field of Object.values(type.getFields())) {
    const fieldValue = (value as Record<string, unknown>)[field.name];
    const problem = CHECKS[`${type.name}.${field.name}`]?.(fieldValue);
    if (problem) problems.push(`${type.name}.${field.name}: ${problem}`);
    checkInput(field.type, fieldValue, problems);
  }
}

/** Every malformed argument of an operation, before anything executes. */
export function argumentProblems(
  schema: GraphQLSchema,
  document: Parameters<typeof visit>[0],
  variables: Record<string, unknown>,
): string[] {
  const problems: string[] = [];
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const field = typeInfo.getFieldDef();
        const parent = typeInfo.getParentType();
        if (!field || !parent) return;
        let values: Record<string, unknown>;
        try {
          values = getArgumentValues(field, node, variables);
        } catch {
          return; // a type error in variables: execution reports it
        }
        for (const arg of field.args) {
          const value = values[arg.name];
          const check =
            CHECKS[`${parent.name}.${field.name}(${arg.name}:)`] ??
            (getNamedType(arg.type).name === 'Int' || getNamedType(arg.type).name === 'String' ? PAGING[arg.name] : undefined);
          const problem = check?.(value);
          if (problem) problems.push(`${field.name}(${arg.name}:) ${problem}`);
          checkInput(arg.type, value, problems);
        }
      },
    }),
  );
  return problems;
}

/** Rejects malformed arguments with BAD_USER_INPUT before any resolver, hence any upstream call, runs. */
export function argumentValidationPlugin(schema: GraphQLSchema): ApolloServerPlugin {
  const problemsOf = memoByOperation((document, variables) => argumentProblems(schema, document, variables));
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          const problems = problemsOf(document, request.variables ?? {}, request.operationName ?? undefined);
          if (problems.length > 0) {
            throw new GraphQLError(problems.join('; '), { extensions: { code: 'BAD_USER_INPUT', problems, http: { status: 400 } } });
          }
        },
      };
    },
  };
}
