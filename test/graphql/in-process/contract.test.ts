import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildSchema as buildSdl,
  getNamedType,
  isInputObjectType,
  isNonNullType,
  isObjectType,
  parse,
  validate,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLType,
} from 'graphql';
import { buildSchema } from '../../../src/modules/index.js';
import { exampleQueries } from '../../helpers/server.js';

const schema = buildSchema();
const contract = buildSdl(readFileSync(new URL('../../contract/schema-contract.graphql', import.meta.url), 'utf8'));

/** Same named type; the server may be stricter (non-null) where the contract is nullable, never looser. */
function compatible(contractType: GraphQLType, ours: GraphQLType, output: boolean): boolean {
  if (isNonNullType(contractType)) return isNonNullType(ours) && compatible(contractType.ofType, ours.ofType, output);
  if (isNonNullType(ours)) return output && compatible(contractType, ours.ofType, output);
  if ('ofType' in contractType)
    return 'ofType' in ours && compatible(contractType.ofType as GraphQLType, ours.ofType as GraphQLType, output);
  return !('ofType' in ours) && getNamedType(contractType).name === getNamedType(ours).name;
}

describe('public contract', () => {
  it('has every type, field and argument of the contract, with compatible types', () => {
    const problems: string[] = [];
    for (const type of Object.values(contract.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      const own = schema.getType(type.name);
      if (!own) {
        problems.push(`missing type ${type.name}`);
        continue;
      }
      if (isObjectType(type) || isInputObjectType(type)) {
        const ownFields = (own as typeof type).getFields() as Record<string, GraphQLField<unknown, unknown> | GraphQLInputField>;
        for (const field of Object.values(type.getFields()) as (GraphQLField<unknown, unknown> | GraphQLInputField)[]) {
          const mine = ownFields[field.name];
          if (!mine) problems.push(`missing ${type.name}.${field.name}`);
          else if (!compatible(field.type, mine.type, isObjectType(type)))
            problems.push(`${type.name}.${field.name}: ${String(mine.type)} instead of ${String(field.type)}`);
          for (const arg of 'args' in field ? field.args : []) {
            const ownArg = 'args' in mine! ? mine.args.find((a) => a.name === arg.name) : undefined;
            if (!ownArg) problems.push(`missing ${type.name}.${field.name}(${arg.name}:)`);
            else if (String(ownArg.type) !== String(arg.type))
              problems.push(`${type.name}.${field.name}(${arg.name}:) is ${String(ownArg.type)}, not ${String(arg.type)}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('validates every client query of the contract', () => {
    const queries = exampleQueries();
    expect(queries.map((q) => q.name).sort()).toEqual([
      'commune-dashboard',
      'commune-statistics',
      'communes-search',
      'create-dataset',
      'datasets-of-commune',
      'formation-outcomes',
      'former-commune',
      'services-near',
      'structure-by-siret',
      'structures-of-department',
      'study-zone-stats',
    ]);
    for (const { name, query } of queries) expect([name, validate(schema, parse(query)).map((e) => e.message)]).toEqual([name, []]);
  });
});
