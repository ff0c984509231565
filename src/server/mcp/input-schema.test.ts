import { getOperationAST, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../modules/index.js';
import { operationInputSchema } from './input-schema.js';

const schema = buildSchema();
const inputSchemaOf = (query: string) => operationInputSchema(schema, getOperationAST(parse(query))!);

/*
 * A named operation's variables as a tool's input schema: what an assistant is told it may send.
 */
describe('operationInputSchema', () => {
  it('requires a non-null variable without a default, gives defaults, types integers, describes by the field', () => {
    const input = inputSchemaOf(
      'query ($code: String!, $first: Int = 100, $after: String) { communes(department: $code, first: $first, after: $after) { totalCount } }',
    );
    expect(input).toMatchObject({ type: 'object', required: ['code'], additionalProperties: false });
    const { code, first, after } = input.properties as Record<string, any>;
    expect(code).toMatchObject({ type: 'string' });
    expect(code.description).toMatch(/^Argument `department` of `communes`: Communes by name prefix/);
    expect(first).toMatchObject({ type: 'integer', default: 100, maximum: 2 ** 31 - 1 });
    expect(after).toEqual(expect.objectContaining({ type: 'string' }));
    expect(after.default).toBeUndefined();
  });

  it('gives enums their values, lists their items, input objects their fields', () => {
    const zone = inputSchemaOf('query ($level: ZoneLevel!, $code: ID!) { zone(level: $level, code: $code) { code } }');
    expect((zone.properties as any).level.enum).toEqual(expect.arrayContaining(['ZE2020', 'COM']));
    const services = inputSchemaOf(
      'query ($filter: ServiceFilter!, $themes: [String!]) { services(filter: $filter) { totalCount } commune(code: "44109") { services(themes: $themes) { totalCount } } }',
    );
    const { filter, themes } = services.properties as Record<string, any>;
    expect(themes).toMatchObject({ type: 'array', items: { type: 'string' } });
    expect(filter).toMatchObject({ type: 'object', additionalProperties: false });
    expect(Object.keys(filter.properties)).toContain('commune');
  });

  it('describes a variable passed inside an input object by that input field', () => {
    const input = inputSchemaOf('query ($commune: String!) { services(filter: { commune: $commune }) { totalCount } }');
    const commune = (input.properties as any).commune;
    expect(commune.type).toBe('string');
    expect(commune.description).toBe('`ServiceFilter.commune`: Search around this commune (nearest first).');
  });
});
