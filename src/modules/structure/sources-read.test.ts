import { Kind, type FieldNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { structureCosts } from './costs.js';
import { askedSources, upstreamListsRead } from './sources-read.js';

describe('the sources a structure list reads', () => {
  it('are both unless the list narrows them', () => {
    expect(askedSources(undefined)).toEqual(['DATA_INCLUSION', 'MARCHE']);
    expect(askedSources(null)).toEqual(['DATA_INCLUSION', 'MARCHE']);
    expect(askedSources([])).toEqual(['DATA_INCLUSION', 'MARCHE']);
    expect(askedSources(['MARCHE'])).toEqual(['MARCHE']);
  });

  it('include the Marché whenever SIAE kinds filter the list, the kinds being the Marché’s', () => {
    expect(upstreamListsRead({})).toEqual({ inclusion: true, marche: true });
    expect(upstreamListsRead({ sources: ['DATA_INCLUSION'] })).toEqual({ inclusion: true, marche: false });
    expect(upstreamListsRead({ sources: ['DATA_INCLUSION'], siaeKinds: ['ACI'] })).toEqual({ inclusion: true, marche: true });
    expect(upstreamListsRead({ sources: ['MARCHE'], siaeKinds: [] })).toEqual({ inclusion: false, marche: true });
  });

  it('are what the lists are priced at', () => {
    const calls = structureCosts.fields!['Query.structures']!.calls;
    const field: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: 'structures' } };
    const priced = (filter: Record<string, unknown>) => calls({ filter: { department: '44', ...filter } }, {}, field);
    expect(priced({})).toEqual({ 'data-inclusion': 1, lemarche: 1 });
    expect(priced({ sources: [] })).toEqual({ 'data-inclusion': 1, lemarche: 1 });
    expect(priced({ sources: ['MARCHE'] })).toEqual({ 'data-inclusion': 0, lemarche: 1 });
  });
});
