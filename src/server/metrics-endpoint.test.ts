import { Counter, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { cachedMetricsText } from './metrics-endpoint.js';

describe('cachedMetricsText', () => {
  it('serves one rendering for a second of its clock, then renders anew', async () => {
    const registry = new Registry();
    const counter = new Counter({ name: 'asked_total', help: 'asked', registers: [registry] });
    let now = 5_000;
    const text = cachedMetricsText(registry, () => now);
    expect(await text()).toMatch(/^asked_total 0$/m);
    counter.inc();
    now += 999;
    expect(await text()).toMatch(/^asked_total 0$/m);
    now += 1;
    expect(await text()).toMatch(/^asked_total 1$/m);
  });
});
