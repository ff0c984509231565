import { parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { readsData } from './cache-policy.js';

function reads(query: string, variables: Record<string, unknown> = {}): boolean {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
  return readsData({ operation, document, request: { variables } });
}

describe('readsData: whether a response has a lifetime', () => {
  it('is true for a query with a data field, at the root or through fragments', () => {
    expect(reads('{ commune(code: "44109") { name } }')).toBe(true);
    expect(reads('{ ... on Query { communes(name: "Nantes") { code } } }')).toBe(true);
    expect(reads('query { ...F } fragment F on Query { __typename region(code: "52") { name } }')).toBe(true);
  });

  it('is false when only meta fields are read, or every data field is skipped', () => {
    expect(reads('{ __typename }')).toBe(false);
    expect(reads('{ __schema { queryType { name } } __type(name: "Commune") { name } }')).toBe(false);
    expect(reads('query { ...F } fragment F on Query { __typename }')).toBe(false);
    expect(reads('query($s: Boolean!) { __typename commune(code: "44109") @skip(if: $s) { name } }', { s: true })).toBe(false);
    expect(reads('query($s: Boolean!) { __typename commune(code: "44109") @skip(if: $s) { name } }', { s: false })).toBe(true);
    expect(reads('{ __typename commune(code: "44109") @include(if: false) { name } }')).toBe(false);
  });

  it('is false for mutations, whatever they read', () => {
    expect(reads('mutation { createDataset(input: { title: "t", description: "d" }) { id } }')).toBe(false);
  });

  it('survives a fragment cycle', () => {
    expect(reads('query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }')).toBe(false);
  });
});
