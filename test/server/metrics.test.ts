import { describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/sandbox.js';
import { example, useServer } from '../helpers/server.js';

const sandbox = useSandbox();
const server = useServer(sandbox);

describe('/metrics', () => {
  it('labels the contract’s operations by name and folds every other name into `other`, so callers cannot grow it', async () => {
    await server().graphql(example('communes-search'), { search: 'nantes' });
    const before = await (await fetch(`${server().url}/metrics`)).text();
    for (let i = 0; i < 300; i++) await server().graphql(`query Random${i}x${Math.random().toString(36).slice(2)} { __typename }`);
    // The text is rendered at most once a second: its clock is moved on for a new rendering.
    server().advanceMetricsClock(1100);
    const after = await (await fetch(`${server().url}/metrics`)).text();
    expect(after).toMatch(/graphql_requests_total\{operation="CommunesSearch",outcome="ok"\} 1/);
    expect(after).toMatch(/graphql_requests_total\{operation="other",outcome="ok"\} 300/);
    expect(after).not.toMatch(/operation="Random/);
    // One new series (`other`) at most, whatever the number of names sent.
    expect(after.length - before.length).toBeLessThan(3000);
  });
});
