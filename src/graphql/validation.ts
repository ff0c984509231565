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
import { memoByOperation } from '../caching/document-memo.js';
import { each, text, type Check } from './argument-checks.js';
import type { DomainModule } from './module.js';
import { decodeCursor, MAX_FIRST } from './pagination.js';

type Checks = Readonly<Record<string, Check>>;
type EntityKeys = DomainModule['entityKeys'];

/**
 * Federation entity references: each representation is checked as the argument its key stands
 * for (a Structure's id as `structure(id:)`), so `_entities` cannot reach an upstream with what
 * the query fields would refuse.
 */
function representationCheck(entityKeys: EntityKeys): Check {
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'each representation must be an object';
    const fields = value as Record<string, unknown>;
    const type = fields.__typename;
    const entity = typeof type === 'string' && Object.hasOwn(entityKeys, type) ? entityKeys[type] : undefined;
    if (!entity) return `${JSON.stringify(type ?? null)} is not an entity type of this subgraph (${Object.keys(entityKeys).join(', ')})`;
    const key = fields[entity.key];
    if (typeof key !== 'string' && typeof key !== 'number') return `a ${String(type)} representation needs its ${entity.key}`;
    const problem = entity.check(String(key));
    return problem && `${String(type)}.${entity.key}: ${problem}`;
  };
}

/** Every module's checks, and `_entities`' representations checked against every module's entity keys. */
export function checksOf(modules: readonly DomainModule[]): Checks {
  const entityKeys: EntityKeys = Object.assign({}, ...modules.map((m) => m.entityKeys));
  return Object.assign({}, ...modules.map((m) => m.argumentChecks), {
    'Query._entities(representations:)': each(representationCheck(entityKeys)),
  });
}

/** Checks every field's `first` and `after`, whatever the field. */
const PAGING: Record<string, Check> = {
  first: (value) =>
    typeof value === 'number' && (value < 1 || value > MAX_FIRST) ? `first must be between 1 and ${MAX_FIRST} (got ${value})` : undefined,
  after: text((v) => (decodeCursor(v) === undefined ? `"${v}" is not a cursor issued by this API` : undefined)),
};

function checkInput(checks: Checks, type: GraphQLInputType, value: unknown, problems: string[]): void {
  if (value === null || value === undefined) return;
  if (type instanceof GraphQLNonNull) return checkInput(checks, type.ofType, value, problems);
  if (type instanceof GraphQLList) {
    if (Array.isArray(value)) for (const item of value) checkInput(checks, type.ofType, item, problems);
    return;
  }
  if (!(type instanceof GraphQLInputObjectType) || typeof value !== 'object') return;
  for (const field of Object.values(type.getFields())) {
    const fieldValue = (value as Record<string, unknown>)[field.name];
    const problem = checks[`${type.name}.${field.name}`]?.(fieldValue);
    if (problem) problems.push(`${type.name}.${field.name}: ${problem}`);
    checkInput(checks, field.type, fieldValue, problems);
  }
}

/** Every malformed argument of an operation, before anything executes. */
export function argumentProblems(
  schema: GraphQLSchema,
  checks: Checks,
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
            checks[`${parent.name}.${field.name}(${arg.name}:)`] ??
            (getNamedType(arg.type).name === 'Int' || getNamedType(arg.type).name === 'String' ? PAGING[arg.name] : undefined);
          const problem = check?.(value);
          if (problem) problems.push(`${field.name}(${arg.name}:) ${problem}`);
          checkInput(checks, arg.type, value, problems);
        }
      },
    }),
  );
  return problems;
}

/** Rejects malformed arguments with BAD_USER_INPUT before any resolver, hence any upstream call, runs. */
export function argumentValidationPlugin(schema: GraphQLSchema, modules: readonly DomainModule[]): ApolloServerPlugin {
  const checks = checksOf(modules);
  const problemsOf = memoByOperation((document, variables) => argumentProblems(schema, checks, document, variables));
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
