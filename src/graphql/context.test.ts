import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createConnections } from '../connections.js';
import { readEnvironment } from '../config.js';
import { SOURCE_NAMES } from '../sources/names.js';
import { resolveOrigins } from '../origins.js';
import { createContext } from './context.js';

// Real connections; no call is made, so their origins are never reached.
const config = readEnvironment({ INSEE_REQUEST_BUDGET: '7' });
const connections = createConnections(config, resolveOrigins(config, undefined), pino({ level: 'silent' }));
afterAll(() => connections.close());

describe('a request’s scope', () => {
  it('is whole when the context is built, its budget included, before any plugin runs', () => {
    const { scope } = createContext(connections, { identity: { requestId: 'r-1', client: 'key-a' } });
    expect(scope).toMatchObject({ requestId: 'r-1', client: 'key-a' });
    expect(scope?.upstreamBudget?.limits.insee).toBe(7);
    for (const name of SOURCE_NAMES) expect(scope?.upstreamBudget?.limits[name]).toBe(connections.policies[name].fairUse.requestBudget);
  });

  it('cannot be changed once handed out', () => {
    const { scope } = createContext(connections, { identity: { requestId: 'r-2' } });
    expect(scope?.upstreamBudget).toBeDefined();
    expect(Object.isFrozen(scope)).toBe(true);
    expect(() => Object.assign(scope!, { upstreamBudget: undefined })).toThrow(TypeError);
  });

  it('gives each request its own budget', () => {
    const first = createContext(connections, { identity: { requestId: 'r-3' } }).scope!.upstreamBudget!;
    const second = createContext(connections, { identity: { requestId: 'r-4' } }).scope!.upstreamBudget!;
    expect(first.take('insee')).toBe(true);
    expect(first.spentOn('insee')).toBe(1);
    expect(second.spentOn('insee')).toBe(0);
  });
});
