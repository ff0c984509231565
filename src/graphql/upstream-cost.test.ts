import { buildSchema as buildSdl, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { DomainModule } from './module.js';
import { attachCosts } from './upstream-cost.js';

const schema = () => buildSdl('type Query { a: Int b: [Thing!]! } type Thing { id: ID! }');
const module = (costs: DomainModule['costs']): DomainModule => ({
  name: 'test',
  typeDefs: '',
  resolvers: {},
  argumentChecks: {},
  entityKeys: {},
  costs,
});

describe('attachCosts', () => {
  it('puts each module’s costs on the schema’s fields and types, where the estimate reads them', () => {
    const built = schema();
    const calls = () => ({ insee: 1 });
    attachCosts(built, [module({ fields: { 'Query.a': { calls } }, listSizes: { 'Query.b': () => 7 }, entities: { Thing: { calls } } })]);
    const query = built.getQueryType()!.getFields();
    expect(query.a!.extensions.upstreamCost?.calls).toBe(calls);
    expect(query.b!.extensions.listSize).toBe(7);
    const thing = built.getType('Thing');
    expect(isObjectType(thing) && thing.extensions.entityCost?.calls).toBe(calls);
  });

  it('refuses a cost for a field or type the schema does not have (a typo would make a field free)', () => {
    expect(() => attachCosts(schema(), [module({ fields: { 'Query.c': { calls: () => ({}) } } })])).toThrow(/Query\.c/);
    expect(() => attachCosts(schema(), [module({ entities: { Nothing: { calls: () => ({}) } } })])).toThrow(/Nothing/);
  });
});
